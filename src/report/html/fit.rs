//! Text that fits its box: widths measured per glyph for the report's fonts (a monospace label
//! font, a proportional sans for the rest), and an ellipsis where it would not fit; the full
//! text stays in the element's tooltip.

/// The width of `text` at `px` in the monospace font of graph labels (0.6 em a glyph; wide
/// glyphs two).
pub fn mono(text: &str, px: f64) -> f64 {
    text.chars()
        .map(|c| if wide(c) { 1.2 } else { 0.6 })
        .sum::<f64>()
        * px
}

/// The width of `text` at `px` in a proportional sans font, from classes of glyph widths of
/// system-ui / Arial (generous, so that a real font never comes out wider).
pub fn sans(text: &str, px: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' | '·' => 0.28,
            ' ' => 0.28,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.36,
            'm' | 'w' | 'M' | 'W' | '@' | '%' | '—' => 0.86,
            'A'..='Z' => 0.66,
            '0'..='9' => 0.57,
            c if wide(c) => 1.0,
            _ => 0.55,
        })
        .sum::<f64>()
        * px
}

fn wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60 | 0x1F300..=0x1FAFF)
}

/// `text` as it fits `max` px by `width`, shortened with an ellipsis.
pub fn fit(text: &str, max: f64, width: impl Fn(&str) -> f64) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if width(&format!("{out}…")) > max {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_shorten_to_their_box() {
        let max = 122.0;
        let label = fit("workers.invoices.lambda-function.this", max, |t| {
            mono(t, 13.0)
        });
        assert!(mono(&label, 13.0) <= max && label.ends_with('…'), "{label}");
        assert_eq!(fit("web", max, |t| mono(t, 13.0)), "web");
        let wide_text = fit("ＷＩＤＥＷＩＤＥＷＩＤＥ", max, |t| {
            mono(t, 13.0)
        });
        assert!(mono(&wide_text, 13.0) <= max);
        assert!(sans("mmmm", 10.0) > sans("iiii", 10.0));
    }
}
