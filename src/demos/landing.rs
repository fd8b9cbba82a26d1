//! The navigation and the landing page as HTML, generated from the registry.
//!
//! One source for both places they appear: the browser shell sets them as the nav's and the
//! landing's content, and `tests/docs.rs` writes the same HTML into `index.html` (between
//! `<!-- landing:begin -->` markers), so the landing page is complete before, and without,
//! the WebAssembly module: `www/boot.js` loads the module only when a demo is asked for.
use super::{Chapter, DemoInfo, registry};
use crate::text::escape_html;

/// The headline and lede of the landing page.
pub const LANDING_TITLE: &str = "See the mathematics of machine learning";
pub const LANDING_LEDE: &str = "Live, exact, shareable demos: drag a slider and watch the math respond. Every state is a link.";

fn demos_of(chapter: Chapter) -> impl Iterator<Item = &'static DemoInfo> {
    registry().iter().filter(move |d| d.chapter == chapter)
}

/// The navigation's content: one section per chapter with a link per demo.
pub fn nav_html() -> String {
    let mut html = String::new();
    for chapter in Chapter::ALL {
        html.push_str(&format!(
            "<section class=\"nav-chapter\"><h2>{}</h2><ul>",
            escape_html(chapter.title())
        ));
        let mut any = false;
        for info in demos_of(chapter) {
            any = true;
            html.push_str(&format!(
                "<li><a href=\"#/{id}\" data-demo-id=\"{id}\">{title}</a></li>",
                id = escape_html(info.id),
                title = escape_html(info.title)
            ));
        }
        if !any {
            html.push_str("<li class=\"muted\">In preparation</li>");
        }
        html.push_str("</ul></section>");
    }
    html
}

/// The landing page's content (inside `<section class="landing">`): the headline, and per
/// chapter a grid of cards linking to its demos.
pub fn landing_html() -> String {
    let mut html = format!(
        "<h1>{}</h1><p class=\"lede\">{}</p>",
        escape_html(LANDING_TITLE),
        escape_html(LANDING_LEDE)
    );
    for chapter in Chapter::ALL {
        let cards: Vec<String> = demos_of(chapter)
            .map(|info| {
                format!(
                    "<a class=\"demo-card\" href=\"#/{id}\" data-demo-id=\"{id}\"><h3>{title}</h3><p>{summary}</p></a>",
                    id = escape_html(info.id),
                    title = escape_html(info.title),
                    summary = escape_html(info.summary)
                )
            })
            .collect();
        if cards.is_empty() {
            continue;
        }
        html.push_str(&format!(
            "<h2>{}</h2><div class=\"cards\">{}</div>",
            escape_html(chapter.title()),
            cards.concat()
        ));
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_has_one_nav_link_and_one_card() {
        let (nav, landing) = (nav_html(), landing_html());
        for info in registry() {
            let link = format!("href=\"#/{}\" data-demo-id=\"{}\"", info.id, info.id);
            assert_eq!(nav.matches(&link).count(), 1, "{}", info.id);
            assert_eq!(landing.matches(&link).count(), 1, "{}", info.id);
        }
        assert_eq!(
            nav.matches("<section class=\"nav-chapter\">").count(),
            Chapter::ALL.len()
        );
    }

    #[test]
    fn text_is_escaped() {
        // "Probability & statistics" is a chapter title: its ampersand must be an entity.
        assert!(nav_html().contains("Probability &amp; statistics"));
        assert!(!landing_html().contains(" & "));
    }
}
