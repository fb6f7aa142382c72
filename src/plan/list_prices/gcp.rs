//! Google Cloud's list prices (on-demand, us-central1, as the pricing pages list them in
//! 2025): what a component of a service costs a month, in place of the kind's default.

use super::{Row, row};

/// Hours in a month, as Google's pricing calculator counts them.
const MONTH_HOURS: f64 = 730.0;

pub const ROWS: &[Row] = &[
    row!(
        "gcp:cloudsql",
        (2.0 * 0.0413 + 7.5 * 0.0070) * MONTH_HOURS,
        Instance,
        "Cloud SQL Enterprise edition, a 2 vCPU 7.5 GB instance (db-custom-2-7680): $0.0413 per vCPU-hour and $0.0070 per GB-hour, us-central1, 2025 (https://cloud.google.com/sql/pricing); a REGIONAL instance is billed twice"
    ),
    row!(
        "gcp:compute",
        0.097118 * MONTH_HOURS,
        Instance,
        "Compute Engine n2-standard-2 on demand, $0.097118 an hour, us-central1, 2025 (https://cloud.google.com/compute/vm-instance-pricing)"
    ),
    row!(
        "gcp:compute:disk",
        0.04,
        Gb,
        "Compute Engine standard persistent disk (pd-standard, the provider's default type), $0.04 per GB-month, us-central1, 2025 (https://cloud.google.com/compute/disks-image-pricing)"
    ),
    row!(
        "gcp:compute:disk:pd-balanced",
        0.10,
        Gb,
        "Compute Engine balanced persistent disk, $0.10 per GB-month, us-central1, 2025 (https://cloud.google.com/compute/disks-image-pricing)"
    ),
    row!(
        "gcp:compute:disk:pd-ssd",
        0.17,
        Gb,
        "Compute Engine SSD persistent disk, $0.17 per GB-month, us-central1, 2025 (https://cloud.google.com/compute/disks-image-pricing)"
    ),
    row!(
        "gcp:compute:regional-disk",
        0.08,
        Gb,
        "Compute Engine regional standard persistent disk, $0.08 per GB-month (two zones' copies), us-central1, 2025 (https://cloud.google.com/compute/disks-image-pricing)"
    ),
    row!(
        "gcp:compute:regional-disk:pd-balanced",
        0.20,
        Gb,
        "Compute Engine regional balanced persistent disk, $0.20 per GB-month, us-central1, 2025 (https://cloud.google.com/compute/disks-image-pricing)"
    ),
    row!(
        "gcp:compute:regional-disk:pd-ssd",
        0.34,
        Gb,
        "Compute Engine regional SSD persistent disk, $0.34 per GB-month, us-central1, 2025 (https://cloud.google.com/compute/disks-image-pricing)"
    ),
    row!(
        "gcp:gcs:region",
        0.020,
        Gb,
        "Cloud Storage Standard storage in a region, $0.020 per GB-month, us-central1, 2025 (https://cloud.google.com/storage/pricing)"
    ),
    row!(
        "gcp:gcs:multi-region",
        0.026,
        Gb,
        "Cloud Storage Standard storage in a multi-region, $0.026 per GB-month, US, 2025 (https://cloud.google.com/storage/pricing)"
    ),
];
