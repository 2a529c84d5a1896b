//! Markdown for summaries, rendered safely: raw HTML in the source is shown
//! as text, links keep only http(s) and mailto targets, and images become
//! their alt text (the CSP would block them, and a picture from elsewhere
//! could reveal that a reader opened the page).

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || lower.starts_with('#')
}

/// The HTML for `source`; safe to insert into a page unescaped.
pub fn to_html(source: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(source, options).filter_map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Some(Event::Text(text)),
        // The image's alt text stays, as the text between these two events.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = if safe_url(&dest_url) { dest_url } else { CowStr::Borrowed("#") };
            Some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn formatting_is_kept() {
        let html = to_html("**Vet** en *schuin*\n\n- een\n- twee\n\n[NCSC](https://www.ncsc.nl)");
        assert!(html.contains("<strong>Vet</strong>") && html.contains("<em>schuin</em>"), "{html}");
        assert!(html.contains("<li>een</li>"));
        assert!(html.contains(r#"<a href="https://www.ncsc.nl">NCSC</a>"#));
    }

    #[test]
    fn raw_html_and_script_links_are_defused() {
        let html =
            to_html("<script>alert(1)</script>\n\nklik <img src=x onerror=alert(1)> [hier](javascript:alert(1))");
        assert!(!html.contains("<script") && html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn images_become_their_alt_text() {
        let html = to_html("![kaart van het netwerk](https://example.org/x.png)");
        assert!(!html.contains("<img") && html.contains("kaart van het netwerk"), "{html}");
    }
}
