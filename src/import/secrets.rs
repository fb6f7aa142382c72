//! Values that must never leave the import: attributes whose names say they hold a secret are
//! dropped as soon as a reader has them, whatever the format or the cloud.

use serde_json::Value;

/// Attributes whose names say they hold a secret are dropped, marked sensitive or not.
pub fn drop_secrets(values: &mut Value) {
    match values {
        Value::Object(map) => {
            map.retain(|k, _| !names_a_secret(k));
            for v in map.values_mut() {
                drop_secrets(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_secrets),
        _ => {}
    }
}

/// `password`, `master_password`, `auth_token`, `secret_string`, `private_key`, `access_key`…
/// (not `kms_key_id` or `key_name`, which name a key and hold none).
fn names_a_secret(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("password")
        || n.contains("secret")
        || n.contains("token")
        || n.ends_with("private_key")
        || n.ends_with("access_key")
        || n.ends_with("_key")
        || n == "credentials"
}
