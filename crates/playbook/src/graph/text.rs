//! Text for the drawing: XML escaping, and measuring and wrapping without a
//! font engine. Widths are estimated per character from DejaVu Sans, the
//! widest of the usual sans-serif fonts (Arial, Liberation Sans and Helvetica
//! are narrower), so text measured here fits whichever of them the viewer has.

/// Escapes text for XML character data and attribute values (`&`, `<`, `>`,
/// `"`, `'`) and drops the control characters XML 1.0 does not allow.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Advance of one character in em (DejaVu Sans, regular).
fn advance(c: char) -> f64 {
    match c {
        ' ' => 0.32,
        'i' | 'j' | 'l' | '\'' | '|' => 0.278,
        'I' | 'J' => 0.295,
        '.' | ',' | ':' | ';' => 0.337,
        '!' => 0.4,
        'f' => 0.352,
        '-' => 0.361,
        '(' | ')' | '[' | ']' | '{' | '}' | '/' | '\\' => 0.39,
        't' => 0.392,
        'r' => 0.411,
        '"' => 0.46,
        's' => 0.521,
        'z' | 'c' => 0.55,
        'L' => 0.557,
        'F' | 'k' => 0.579,
        'v' | 'x' | 'y' => 0.592,
        'P' => 0.603,
        'T' | 'Y' => 0.611,
        'o' | 'e' | 'a' => 0.615,
        'E' => 0.632,
        'b' | 'd' | 'g' | 'h' | 'n' | 'p' | 'q' | 'u' | 'S' => 0.635,
        '0'..='9' => 0.636,
        'K' => 0.656,
        'A' | 'B' | 'R' | 'X' | 'Z' | 'V' => 0.695,
        'C' => 0.698,
        'U' => 0.732,
        'N' | 'H' => 0.752,
        'D' | 'G' => 0.775,
        'O' | 'Q' => 0.787,
        'w' => 0.818,
        'M' => 0.863,
        'm' => 0.974,
        'W' => 0.989,
        '…' | '—' => 1.0,
        c if c.is_ascii() => 0.84,
        // Accented Latin letters are about as wide as their base letters.
        c if (c as u32) < 0x0250 => 0.7,
        // Wide scripts (CJK, emoji) and anything else: a full em.
        _ => 1.0,
    }
}

/// Estimated width in px of `text` at `size` px; bold is about 10% wider.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = text.chars().map(advance).sum();
    em * size * if bold { 1.1 } else { 1.0 }
}

/// Shortens `text` with `…` so that it fits `max` px (the whole text if it fits).
pub fn truncate(text: &str, size: f64, bold: bool, max: f64) -> String {
    if width(text, size, bold) <= max {
        return text.to_string();
    }
    let ellipsis = width("…", size, bold);
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = advance(c) * size * if bold { 1.1 } else { 1.0 };
        if used + w + ellipsis > max {
            break;
        }
        used += w;
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

/// Breaks `text` into at most `max_lines` lines of at most `max` px each, at
/// spaces where possible (a word longer than a line is cut); what does not fit
/// ends the last line with `…`.
pub fn wrap(text: &str, size: f64, bold: bool, max: f64, max_lines: usize) -> Vec<String> {
    // Words, each cut into pieces that fit a line; `true` marks a word's first piece.
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for word in text.split_whitespace() {
        let mut piece = String::new();
        let mut first = true;
        for c in word.chars() {
            let mut next = piece.clone();
            next.push(c);
            if width(&next, size, bold) > max && !piece.is_empty() {
                pieces.push((std::mem::take(&mut piece), first));
                first = false;
                piece.push(c);
            } else {
                piece = next;
            }
        }
        pieces.push((piece, first));
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (piece, new_word) in pieces {
        let candidate = if line.is_empty() {
            piece.clone()
        } else if new_word {
            format!("{line} {piece}")
        } else {
            format!("{line}{piece}")
        };
        if width(&candidate, size, bold) <= max || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, piece));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines.max(1) {
        let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
        lines.push(truncate(&rest, size, bold, max));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_xml_characters_and_drops_control_characters() {
        assert_eq!(escape("<a href=\"x\">'&'</a>\u{1}"), "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
    }

    #[test]
    fn wraps_at_spaces_and_shortens_the_last_line() {
        let lines = wrap("Attribution decision by the Council of Ministers", 14.0, false, 196.0, 3);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, 14.0, false) <= 196.0));
        assert_eq!(lines.join(" "), "Attribution decision by the Council of Ministers");
        let long = "word ".repeat(60);
        let lines = wrap(&long, 14.0, false, 196.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| width(l, 14.0, false) <= 196.0));
        let id = "x".repeat(100);
        let lines = wrap(&id, 14.0, false, 100.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…') && lines.iter().all(|l| width(l, 14.0, false) <= 100.0), "{lines:?}");
        assert_eq!(wrap("", 14.0, false, 100.0, 3), Vec::<String>::new());
    }
}
