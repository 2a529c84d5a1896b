-- The capacity-building portfolio (issue 15, P11). A project is a marked
-- object. Its countries, sectors and budget per year are small lists kept
-- as JSON with the project; commitments and disbursements are history (a
-- correction is a new, negative entry). An imported IATI activity keeps the
-- activity as it was published (`mirror`), so it is published again as it
-- came in.
CREATE TABLE projects (
    object_id BIGINT PRIMARY KEY REFERENCES objects(id),
    identifier TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('nl', 'en')),
    status TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    lead_org_id BIGINT NOT NULL REFERENCES organisations(id),
    donor_name TEXT NOT NULL,
    donor_ref TEXT NOT NULL,
    implementer_name TEXT NOT NULL,
    implementer_ref TEXT NOT NULL,
    currency TEXT NOT NULL,
    countries TEXT NOT NULL,
    sectors TEXT NOT NULL,
    budgets TEXT NOT NULL,
    mirror TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);
CREATE INDEX projects_identifier ON projects(identifier);

CREATE TABLE project_flows (
    id BIGSERIAL PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(object_id),
    kind TEXT NOT NULL CHECK (kind IN ('commitment', 'disbursement')),
    flow_date TEXT NOT NULL,
    cents BIGINT NOT NULL,
    note TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX project_flows_project ON project_flows(project_id);
CREATE TRIGGER project_flows_fixed BEFORE UPDATE ON project_flows
FOR EACH ROW
EXECUTE FUNCTION verbinding_refuse_change('a recorded flow is history; record a correction');
CREATE TRIGGER project_flows_kept BEFORE DELETE ON project_flows
FOR EACH ROW
EXECUTE FUNCTION verbinding_refuse_change('flows are never deleted');

CREATE TABLE project_objectives (
    project_id BIGINT NOT NULL REFERENCES projects(object_id),
    objective_id BIGINT NOT NULL REFERENCES objectives(object_id),
    PRIMARY KEY (project_id, objective_id)
);
CREATE INDEX project_objectives_objective ON project_objectives(objective_id);

CREATE TABLE project_baselines (
    id BIGSERIAL PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(object_id),
    country TEXT NOT NULL,
    dimension TEXT NOT NULL,
    stage BIGINT NOT NULL CHECK (stage BETWEEN 1 AND 5),
    year BIGINT NOT NULL,
    source TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX project_baselines_project ON project_baselines(project_id);
