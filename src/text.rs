//! Rich explanation text → HTML with typeset formulas (MathML, which Chromium renders natively).
//!
//! Demo explanations are written in a tiny markup: paragraphs separated by blank lines,
//! lines starting with `- ` form a list, `$…$` is inline LaTeX, `$$…$$` display LaTeX,
//! `**…**` bold and `` `…` `` code. LaTeX goes through the `pulldown-latex` crate; this
//! module only splits the text and escapes everything else, so explanations can never
//! inject HTML.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

/// Typesets one LaTeX formula as a `<math>` element. Errors name the first problem.
pub fn latex_to_mathml(latex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    // The parser reports malformed LaTeX as error events; collect them first so a broken
    // formula is reported instead of being rendered in red.
    let events: Vec<_> = Parser::new(latex, &storage).collect();
    if let Some(Err(error)) = events.iter().find(|event| event.is_err()) {
        return Err(format!("LaTeX error in “{latex}”: {error}"));
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut mathml = String::new();
    push_mathml(&mut mathml, events.into_iter(), config).map_err(|e| e.to_string())?;
    Ok(mathml)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Converts the explanation markup to HTML. Formula errors are collected in `errors`
/// (a test asserts there are none for every registered demo) and shown as code.
pub fn rich_text_to_html_checked(source: &str, errors: &mut Vec<String>) -> String {
    let mut html = String::new();
    for block in source
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        let lines: Vec<&str> = block.lines().map(str::trim).collect();
        if lines.iter().all(|line| line.starts_with("- ")) {
            html.push_str("<ul>");
            for line in lines {
                html.push_str("<li>");
                html.push_str(&inline_to_html(&line[2..], errors));
                html.push_str("</li>");
            }
            html.push_str("</ul>");
        } else if let Some(latex) = block.strip_prefix("$$").and_then(|b| b.strip_suffix("$$")) {
            html.push_str("<div class=\"display-math\">");
            html.push_str(&formula_or_code(latex.trim(), true, errors));
            html.push_str("</div>");
        } else {
            html.push_str("<p>");
            html.push_str(&inline_to_html(&lines.join(" "), errors));
            html.push_str("</p>");
        }
    }
    html
}

/// [`rich_text_to_html_checked`] for callers that do not collect errors.
pub fn rich_text_to_html(source: &str) -> String {
    rich_text_to_html_checked(source, &mut Vec::new())
}

fn formula_or_code(latex: &str, display: bool, errors: &mut Vec<String>) -> String {
    match latex_to_mathml(latex, display) {
        Ok(mathml) => mathml,
        Err(error) => {
            errors.push(error);
            format!("<code>{}</code>", escape_html(latex))
        }
    }
}

/// Inline markup: `$…$`, `**…**`, `` `…` ``. An unmatched delimiter is kept as text.
fn inline_to_html(text: &str, errors: &mut Vec<String>) -> String {
    let mut html = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let next = rest.find(['$', '*', '`']);
        let Some(start) = next else {
            html.push_str(&escape_html(rest));
            break;
        };
        html.push_str(&escape_html(&rest[..start]));
        let tail = &rest[start..];
        let (delimiter, open, close) = if tail.starts_with("**") {
            ("**", "<strong>", "</strong>")
        } else if tail.starts_with('$') {
            ("$", "", "")
        } else if tail.starts_with('`') {
            ("`", "<code>", "</code>")
        } else {
            html.push('*');
            rest = &tail[1..];
            continue;
        };
        let inner_start = delimiter.len();
        match tail[inner_start..].find(delimiter) {
            Some(length) => {
                let inner = &tail[inner_start..inner_start + length];
                match delimiter {
                    "$" => html.push_str(&formula_or_code(inner, false, errors)),
                    "**" => {
                        html.push_str(open);
                        html.push_str(&inline_to_html(inner, errors));
                        html.push_str(close);
                    }
                    _ => {
                        html.push_str(open);
                        html.push_str(&escape_html(inner));
                        html.push_str(close);
                    }
                }
                rest = &tail[inner_start + length + delimiter.len()..];
            }
            None => {
                html.push_str(&escape_html(delimiter));
                rest = &tail[inner_start..];
            }
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_formula_becomes_mathml() {
        let html = rich_text_to_html("The loss $f(x) = x^2$ falls.");
        assert!(html.starts_with("<p>The loss <math"), "{html}");
        assert!(html.contains("<msup>"), "x^2 must be a superscript: {html}");
        assert!(html.ends_with(" falls.</p>"), "{html}");
    }

    #[test]
    fn display_formula_is_block() {
        let html = rich_text_to_html("Intro.\n\n$$\\theta_{k+1} = \\theta_k - \\eta \\nabla f$$");
        assert!(
            html.contains("<div class=\"display-math\"><math display=\"block\""),
            "{html}"
        );
        assert!(
            html.contains("θ") || html.contains("&#x3b8;") || html.contains("\u{3b8}"),
            "{html}"
        );
    }

    #[test]
    fn lists_bold_code_and_escaping() {
        let html = rich_text_to_html("- **SGD** uses `lr`\n- a <b>tag</b> & more");
        assert_eq!(
            html,
            "<ul><li><strong>SGD</strong> uses <code>lr</code></li><li>a &lt;b&gt;tag&lt;/b&gt; &amp; more</li></ul>"
        );
    }

    #[test]
    fn unmatched_delimiters_stay_text() {
        assert_eq!(
            rich_text_to_html("costs $5 and 2*3"),
            "<p>costs $5 and 2*3</p>"
        );
    }

    #[test]
    fn broken_latex_is_reported_and_shown_as_code() {
        let mut errors = Vec::new();
        let html = rich_text_to_html_checked("bad $\\frac{1}{$ formula", &mut errors);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(html.contains("<code>\\frac{1}{</code>"), "{html}");
    }
}
