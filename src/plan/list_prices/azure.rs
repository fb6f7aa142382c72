//! Azure's list prices: pay-as-you-go, East US, as the Azure pricing pages gave them when read
//! (2024). One configuration each: declare `monthly_cost` where yours differs.

use super::{Row, row};

/// Hours in a month, as Azure's price pages count them.
const MONTH_HOURS: f64 = 730.0;

pub const ROWS: &[Row] = &[
    row!(
        "azure:storage",
        0.0184,
        Gb,
        "azure.microsoft.com/pricing/details/storage/blobs: Blob Storage, Hot tier, LRS, first 50 TB, East US, pay-as-you-go (read 2024)"
    ),
    row!(
        "azure:vm",
        0.096 * MONTH_HOURS,
        Instance,
        "azure.microsoft.com/pricing/details/virtual-machines/linux: Standard_D2s_v5, Linux, East US, pay-as-you-go, $0.096 an hour × 730 (read 2024)"
    ),
    row!(
        "azure:lb",
        0.025 * MONTH_HOURS,
        Month,
        "azure.microsoft.com/pricing/details/load-balancer: Standard Load Balancer, first 5 rules, $0.025 an hour × 730, data processed not counted (read 2024)"
    ),
    row!(
        "azure:cosmosdb",
        0.008 * 4.0 * MONTH_HOURS,
        Month,
        "azure.microsoft.com/pricing/details/cosmos-db: provisioned throughput, the 400 RU/s minimum in one region, $0.008 per 100 RU/s an hour × 730, storage not counted (read 2024)"
    ),
];
