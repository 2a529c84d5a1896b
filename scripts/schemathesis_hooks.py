"""Rules of the Verbinding API that no JSON Schema can state, told to
schemathesis (scripts/schemathesis.sh loads this file through
SCHEMATHESIS_HOOKS).

Only requests generated as *valid* (positive mode) are touched, and only so
that they obey a rule the server checks and the OpenAPI document describes
in words: comparisons between two fields or with the clock, and a CACAO
document's internal references. Every check stays on; invalid requests are
sent as generated. Each rule below names the refusal it avoids.
"""

import uuid

import schemathesis


def _positive(case):
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


def _path(case):
    return case.operation.path


@schemathesis.hook
def before_call(context, case, kwargs):
    if not _positive(case):
        return

    # A list's period is in order: `to` is not before `from` (422
    # date_before_from). Both are `YYYY-MM-DD`, so the text sorts as the days.
    query = case.query
    if isinstance(query, dict) and query.get("from") and query.get("to"):
        if str(query["to"]) < str(query["from"]):
            query["from"], query["to"] = query["to"], query["from"]

    if not isinstance(case.body, dict):
        return
    body = case.body
    path, method = _path(case), case.method.upper()

    # An incident's dates are in order: first activity <= discovery <=
    # disclosure (422 date_before_first_activity, date_before_discovery).
    # Dates are `YYYY-MM-DD` or empty, so sorting the text sorts the days.
    if path in ("/incidents", "/incidents/{id}"):
        keys = [k for k in ("first_activity", "discovery", "disclosure") if body.get(k)]
        for key, value in zip(keys, sorted(body[k] for k in keys)):
            body[key] = value

    # An assessment's existence is at most as secret as its content (422
    # meta_above_content); the order of the labels is the server's, so the
    # content's own label is used.
    if "meta_classification" in body and "classification" in body:
        body["meta_classification"] = body["classification"]

    # A consultation round's deadline lies in the future (422 deadline_past):
    # a generated moment in the past moves to the year 2999.
    if path == "/incidents/{id}/consultations" and method == "POST":
        deadline = body.get("deadline")
        if isinstance(deadline, str) and len(deadline) >= 4 and deadline[:4] < "2100":
            body["deadline"] = "2999" + deadline[4:]

    # A CACAO document is valid only when its references hold (workflow_start
    # names a start step, on_completion an existing step): a schema-valid
    # object is not a playbook. A valid one, new each time, is sent; the
    # marking and mode fields stay as generated.
    if path == "/playbooks" and method == "POST":
        n = uuid.uuid4()
        body["document"] = {
            "type": "playbook",
            "spec_version": "cacao-2.0",
            "id": f"playbook--{n}",
            "name": "schemathesis",
            "created_by": f"identity--{n}",
            "created": "2026-01-01T00:00:00Z",
            "modified": "2026-01-01T00:00:00Z",
            "workflow_start": f"start--{n}",
            "workflow": {
                f"start--{n}": {"type": "start", "on_completion": f"end--{n}"},
                f"end--{n}": {"type": "end"},
            },
        }

    # A measurement is for a period that has begun (422 period_in_future):
    # a generated year after 2025 moves to 2025, its quarter kept.
    if path == "/strategy/indicators/{id}/measurements" and method == "POST":
        period = body.get("period")
        if isinstance(period, str) and len(period) >= 4 and period[:4] > "2025":
            body["period"] = "2025" + period[4:]

    # An IATI import's `xml` is an IATI activity file: a schema-valid string
    # is not one (422 iati_unreadable). A small file, new each time, is sent;
    # the lead and marking stay as generated. Whether its one activity is
    # taken or refused, the answer is the report (200).
    if path == "/capacity-building/iati" and method == "POST":
        n = uuid.uuid4().hex[:12]
        body["xml"] = (
            '<iati-activities version="2.03" generated-datetime="2026-01-01T00:00:00Z">'
            '<iati-activity last-updated-datetime="2026-01-01T00:00:00Z" xml:lang="en" default-currency="EUR">'
            f"<iati-identifier>XM-DAC-7-ST-{n}</iati-identifier>"
            '<reporting-org ref="XM-DAC-7" type="10"><narrative>Netherlands</narrative></reporting-org>'
            "<title><narrative>schemathesis</narrative></title>"
            '<participating-org ref="XM-DAC-7" role="1" type="10"><narrative>Netherlands</narrative></participating-org>'
            '<participating-org role="4" type="21"><narrative>Implementer</narrative></participating-org>'
            '<activity-status code="2"/>'
            '<activity-date iso-date="2025-01-01" type="1"/>'
            '<activity-date iso-date="2026-12-31" type="3"/>'
            '<recipient-country code="KE" percentage="100"/>'
            '<sector code="15210" vocabulary="1" percentage="100"/>'
            "</iati-activity></iati-activities>"
        )
