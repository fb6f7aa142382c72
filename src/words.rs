//! Small helpers for the texts drplan writes: lists, plurals, percentages.

use std::fmt;

/// Writes `items` separated by `sep`, each with `each`.
pub fn list<T>(
    w: &mut dyn fmt::Write,
    sep: &str,
    items: impl IntoIterator<Item = T>,
    mut each: impl FnMut(&mut dyn fmt::Write, T) -> fmt::Result,
) -> fmt::Result {
    for (k, x) in items.into_iter().enumerate() {
        if k > 0 {
            w.write_str(sep)?;
        }
        each(w, x)?;
    }
    Ok(())
}

/// `""` for one, `"s"` for any other count: the plural ending of a noun.
pub fn plural_s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A percentage to four decimals without trailing zeros (`99.95`, `100`).
pub struct Percent(pub f64);

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{:.4}", self.0);
        f.write_str(text.trim_end_matches('0').trim_end_matches('.'))
    }
}

#[cfg(test)]
mod tests {
    use super::Percent;

    #[test]
    fn percentages_lose_trailing_zeros_only() {
        for (p, text) in [
            (99.95, "99.95"),
            (100.0, "100"),
            (99.0, "99"),
            (99.999_96, "100"),
            (0.0, "0"),
            (12.345_66, "12.3457"),
            (10.5, "10.5"),
        ] {
            assert_eq!(Percent(p).to_string(), text, "{p}");
        }
    }
}
