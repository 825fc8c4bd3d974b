//! Just enough `postgres://user:password@host:port/database?params` surgery to point a
//! server URL at another database or user, without a URL crate.

/// `url` with its database (the path) replaced by `database`.
pub(crate) fn with_database(url: &str, database: &str) -> String {
    let p = Parts::of(url);
    format!(
        "{}{}/{}{}",
        p.scheme,
        p.authority,
        encode(database),
        p.query
    )
}

/// `url` with its user and password replaced.
pub(crate) fn with_credentials(url: &str, user: &str, password: Option<&str>) -> String {
    let p = Parts::of(url);
    // The last `@` ends the user info: a literal `@` in it would have to be percent-encoded.
    let host = p
        .authority
        .rsplit_once('@')
        .map_or(p.authority, |(_, host)| host);
    let password = password
        .map(|pw| format!(":{}", encode(pw)))
        .unwrap_or_default();
    let path = &url[p.scheme.len() + p.authority.len()..url.len() - p.query.len()];
    format!(
        "{}{}{password}@{host}{path}{}",
        p.scheme,
        encode(user),
        p.query
    )
}

struct Parts<'a> {
    /// Up to and including `://`.
    scheme: &'a str,
    /// `user:password@host:port`, possibly empty.
    authority: &'a str,
    /// From `?` on, possibly empty.
    query: &'a str,
}

impl<'a> Parts<'a> {
    fn of(url: &'a str) -> Self {
        let (head, query) = url.find('?').map_or((url, ""), |i| url.split_at(i));
        let scheme_len = head.find("://").map_or(0, |i| i + 3);
        let (scheme, rest) = head.split_at(scheme_len);
        let authority = rest.find('/').map_or(rest, |i| &rest[..i]);
        Parts {
            scheme,
            authority,
            query,
        }
    }
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database() {
        assert_eq!(
            with_database("postgres://u:p@h:5/old?sslmode=disable", "new"),
            "postgres://u:p@h:5/new?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "new"), "postgres://h/new");
        assert_eq!(
            with_database("postgresql:///old?host=/run/pg", "new"),
            "postgresql:///new?host=/run/pg"
        );
    }

    #[test]
    fn replaces_the_credentials() {
        assert_eq!(
            with_credentials("postgres://u:p@h:5/db?x=1", "app", Some("s3cr@t")),
            "postgres://app:s3cr%40t@h:5/db?x=1"
        );
        assert_eq!(
            with_credentials("postgres://h/db", "app", None),
            "postgres://app@h/db"
        );
    }
}
