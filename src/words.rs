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

/// A count with its noun, singular for one: `1 entry point`, `3 entry points`.
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `""` for one, `"s"` for any other count: the plural ending of a noun.
pub fn plural_s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Plain text GitHub shows without turning parts of it into mentions, issue links or links
/// (SARIF messages): a word joiner after `@`, in `://` and `](`, and between `#` and a digit.
pub fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        let next = chars.peek().copied();
        let join = match (c, next) {
            ('@', Some(_)) => true,
            ('#', Some(d)) => d.is_ascii_digit(),
            (':', Some('/')) => true,
            (']', Some('(')) => true,
            _ => false,
        };
        if join {
            out.push('\u{2060}');
        }
    }
    out
}

/// A percentage to four decimals without trailing zeros (`99.95`, `100`).
pub struct Percent(pub f64);

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{:.4}", self.0);
        f.write_str(text.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// `MultiAZEnabled` → `multi_az_enabled`, `DBClusterIdentifier` → `db_cluster_identifier`: a
/// run of capitals is one word, and its last capital starts the next word when a lowercase
/// letter follows.
pub fn snake(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::with_capacity(key.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                None => false,
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Percent, inert, snake};

    #[test]
    fn keys_in_snake_case() {
        assert_eq!(snake("MultiAZ"), "multi_az");
        assert_eq!(snake("MultiAZEnabled"), "multi_az_enabled");
        assert_eq!(snake("DBClusterIdentifier"), "db_cluster_identifier");
        assert_eq!(snake("VPCZoneIdentifier"), "vpc_zone_identifier");
        assert_eq!(snake("BackupRetentionPeriod"), "backup_retention_period");
        assert_eq!(snake("SSESpecification"), "sse_specification");
        assert_eq!(snake("Ipv6CidrBlock"), "ipv6_cidr_block");
        assert_eq!(snake("DNSName"), "dns_name");
    }

    #[test]
    fn inert_text_pings_and_links_nothing() {
        let t = inert("@org/team see [x](https://evil.example) #12");
        assert!(!t.contains("@o") && !t.contains("](") && !t.contains("://") && !t.contains("#1"));
        assert_eq!(
            t.replace('\u{2060}', ""),
            "@org/team see [x](https://evil.example) #12"
        );
    }

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
