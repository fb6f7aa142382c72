//! Formatting the renderers share: durations, money, lists in words, disruption labels, and
//! the template environment the HTML and Markdown renderers both start from.

use crate::model::Disruption;

/// Whole seconds for people (`1h 8m 16s`), or `unrecoverable` for `None`.
pub fn secs(s: Option<u64>) -> String {
    s.map_or_else(|| "unrecoverable".to_string(), crate::duration::human_secs)
}

/// `1234.5` → `1,234.50`; whole amounts without decimals.
pub fn money(v: f64) -> String {
    let neg = v < 0.0;
    let cents = (v.abs() * 100.0).round() as u128;
    let (whole, frac) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if frac != 0 {
        out.push_str(&format!(".{frac:02}"));
    }
    if neg { format!("-{out}") } else { out }
}

/// `a`, `a and b`, `a, b and c`.
pub fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The disruptions as headings name them.
pub const LABELS: [&str; 4] = ["Software", "Hardware", "AZ", "Region"];

pub fn label(d: Disruption) -> &'static str {
    LABELS[d.index()]
}

/// A template environment: strict about undefined values, blocks trimmed, the given templates
/// and escaping, and the filters both renderers use (`human` seconds, `money`). A template
/// that does not parse is a bug in drplan, caught by every test that renders.
pub fn templates(
    escape: minijinja::AutoEscape,
    sources: &[(&'static str, &'static str)],
) -> Result<minijinja::Environment<'static>, minijinja::Error> {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(move |_| escape.clone());
    env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    for &(name, source) in sources {
        env.add_template(name, source)?;
    }
    env.add_filter("human", |secs: Option<u64>| self::secs(secs));
    env.add_filter("money", money);
    // `{{ n|count("entry point") }}`: singular for one.
    env.add_filter("count", |n: u64, noun: String| {
        crate::words::count(n, &noun)
    });
    Ok(env)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_and_keeps_cents() {
        assert_eq!(money(1234.5), "1,234.50");
        assert_eq!(money(1_000_000.0), "1,000,000");
        assert_eq!(money(-12.0), "-12");
        assert_eq!(money(0.0), "0");
    }

    #[test]
    fn lists_read_as_words() {
        assert_eq!(join_and(&[]), "");
        assert_eq!(join_and(&["a"]), "a");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
    }
}
