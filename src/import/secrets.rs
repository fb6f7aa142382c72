//! Values that must never leave the import: attributes whose names say they hold a secret are
//! dropped as soon as a reader has them, whatever the format or the cloud.

use super::resource::{Attributes, Value};

/// Attributes whose names say they hold a secret are dropped, marked sensitive or not.
fn drop_secrets(values: &mut Value) {
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

/// The same for a record's attributes: those whose names say they hold a secret are dropped,
/// and the secrets inside the others.
pub fn drop_secret_attributes(values: &mut Attributes) {
    values.retain(|key, v| {
        drop_secrets(v);
        !names_a_secret(key)
    });
}

/// Values marked sensitive are dropped: they never reach the architecture or a report.
fn drop_sensitive(values: &mut Value, mask: &Value) {
    match (values, mask) {
        (Value::Object(v), Value::Object(m)) => {
            for (key, masked) in m.iter() {
                if masked == &Value::Bool(true) {
                    v.remove(key);
                } else if let Some(inner) = v.get_mut(key) {
                    drop_sensitive(inner, masked);
                }
            }
        }
        (Value::Array(v), Value::Array(m)) => {
            for (inner, masked) in v.iter_mut().zip(m) {
                if masked == &Value::Bool(true) {
                    *inner = Value::Null;
                } else {
                    drop_sensitive(inner, masked);
                }
            }
        }
        _ => {}
    }
}

/// The same for a record's attributes, by the mask Terraform gives (`sensitive_values`).
pub fn drop_sensitive_attributes(values: &mut Attributes, mask: &Value) {
    let Value::Object(mask) = mask else { return };
    for (key, masked) in mask.iter() {
        if masked == &Value::Bool(true) {
            values.remove(key);
        } else if let Some(inner) = values.get_mut(key) {
            drop_sensitive(inner, masked);
        }
    }
}

/// `password`, `master_password`, `auth_token`, `secret_string`, `private_key`, `access_key`,
/// `primary_connection_string`, `kube_config`, `sas_url`… (not `kms_key_id` or `key_name`,
/// which name a key and hold none).
fn names_a_secret(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("password")
        || n.contains("secret")
        || n.contains("token")
        || n.ends_with("private_key")
        || n.ends_with("access_key")
        || n.ends_with("_key")
        || n == "credentials"
        || n.contains("connection_string")
        || n.starts_with("kube_config")
        || n.starts_with("kube_admin_config")
        || n == "sas_url"
        || n.ends_with("_sas")
        || n.starts_with("sas_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_and_secret_values_are_dropped() {
        let mut v = Value::from(serde_json::json!({
            "password": "x", "endpoint": "e", "nested": [{"auth_token": "t", "ok": 1}],
            "master_user_secret": [{"kms_key_id": "k"}], "kms_key_id": "arn", "conn": "s"
        }));
        drop_sensitive(&mut v, &Value::from(serde_json::json!({"conn": true})));
        drop_secrets(&mut v);
        assert_eq!(
            v,
            Value::from(
                serde_json::json!({"endpoint": "e", "nested": [{"ok": 1}], "kms_key_id": "arn"})
            )
        );
    }

    #[test]
    fn secrets_by_name_whatever_the_cloud() {
        for secret in [
            "administrator_login_password",
            "primary_access_key",
            "primary_key",
            "primary_connection_string",
            "connection_strings",
            "kube_config_raw",
            "kube_admin_config",
            "sas_url",
            "instrumentation_key",
        ] {
            assert!(names_a_secret(secret), "{secret}");
        }
        for plain in [
            "kms_key_id",
            "key_name",
            "disaster_recovery",
            "location",
            "zones",
        ] {
            assert!(!names_a_secret(plain), "{plain}");
        }
    }
}
