//! AWS FIS: the experiments that ran from templates drplan tagged for a component (the tag
//! `drplan:component`, as `drplan ops` writes it). Per region: `ListExperimentTemplates` (the
//! tags say which component a template tests), `ListExperiments` (every run, with its
//! template), and `GetExperiment` for the runs that decide (each template's latest run, and its
//! latest completed one) to learn when they started and ended. Read calls only: nothing is
//! started or stopped.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use aws_sdk_fis::Client;
use aws_sdk_fis::operation::list_experiment_templates::ListExperimentTemplatesOutput;
use aws_sdk_fis::operation::list_experiments::ListExperimentsOutput;

use super::aws::{Aws, classify, next_page};
use super::{Run, Template, timestamp};
use crate::estimate::ExperimentState;
use crate::verify::store::StoreError;

/// The tag that names the component a template tests (`emit::TAG_COMPONENT`).
pub const TAG_COMPONENT: &str = crate::emit::TAG_COMPONENT;
/// The tag that names the recommendation a template implements (`emit::TAG_ITEM`).
pub const TAG_ITEM: &str = crate::emit::TAG_ITEM;
/// The most a listing page holds (FIS's own limit).
const PAGE: i32 = 100;

/// The IAM actions the FIS source calls, for docs/verify.md and its test.
pub const ACTIONS: &[&str] = &[
    "fis:ListExperimentTemplates",
    "fis:ListExperiments",
    "fis:GetExperiment",
];

/// What one region holds: the templates tagged for a component, and the runs read in detail.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    pub templates: Vec<Template>,
    pub runs: Vec<Run>,
}

pub struct Fis {
    aws: Arc<Aws>,
}

impl Fis {
    pub fn new(aws: Arc<Aws>) -> Fis {
        Fis { aws }
    }

    /// The tagged templates of a region and the runs that decide their state.
    pub async fn collect(&self, region: &str) -> Result<Listing, StoreError> {
        let client = self.aws.fis(region);
        list(&self.aws, &client, region).await
    }
}

/// `collect`, with the client given (tests bring a mocked one).
pub async fn list(aws: &Aws, client: &Client, region: &str) -> Result<Listing, StoreError> {
    let mut templates = templates(aws, client, region).await?;
    let ids: HashSet<&str> = templates.iter().map(|t| t.id.as_str()).collect();
    let summaries = summaries(aws, client, region, &ids).await?;
    for t in &mut templates {
        t.runs = summaries.iter().filter(|s| s.template == t.id).count() as u64;
    }
    let mut runs = Vec::new();
    for summary in deciding(&summaries) {
        runs.push(detail(aws, client, region, summary).await?);
    }
    Ok(Listing { templates, runs })
}

/// Every page of a listing, each handed to `each` as it comes; `send` asks for the page
/// after `token`.
async fn every_page<P, F, Fut>(
    aws: &Aws,
    region: &str,
    what: &str,
    mut send: F,
    next: for<'p> fn(&'p P) -> Option<&'p str>,
    mut each: impl FnMut(&P),
) -> Result<(), StoreError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<P, StoreError>>,
{
    let mut token: Option<String> = None;
    let mut seen = HashSet::new();
    for pages in 1.. {
        let page = aws
            .call("fis", region, what, || send(token.clone()))
            .await?;
        each(&page);
        match next_page(what, &mut seen, pages, next(&page))? {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    Ok(())
}

/// Every template of the region with a `drplan:component` tag.
async fn templates(aws: &Aws, client: &Client, region: &str) -> Result<Vec<Template>, StoreError> {
    let what = format!("fis:ListExperimentTemplates in {region}");
    let mut out = Vec::new();
    let send = |token| {
        let req = (client.list_experiment_templates())
            .max_results(PAGE)
            .set_next_token(token);
        let what = what.clone();
        async move { req.send().await.map_err(|e| classify(&what, &e)) }
    };
    let each = |page: &ListExperimentTemplatesOutput| {
        for t in page.experiment_templates() {
            let tags = t.tags();
            let (Some(id), Some(component)) = (
                t.id().and_then(plain_id),
                tags.and_then(|t| t.get(TAG_COMPONENT)),
            ) else {
                continue;
            };
            out.push(Template {
                id: id.to_string(),
                component: component.clone(),
                item: tags.and_then(|t| t.get(TAG_ITEM)).map(|i| shown(i)),
                runs: 0,
            });
        }
    };
    let next = ListExperimentTemplatesOutput::next_token;
    every_page(aws, region, &what, send, next, each).await?;
    Ok(out)
}

/// A run as a listing shows it: enough to pick the ones to read in detail.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    id: String,
    template: String,
    state: Option<ExperimentState>,
    created: Option<jiff::Timestamp>,
}

/// Every run of the region from one of `templates`.
async fn summaries(
    aws: &Aws,
    client: &Client,
    region: &str,
    templates: &HashSet<&str>,
) -> Result<Vec<Summary>, StoreError> {
    if templates.is_empty() {
        return Ok(Vec::new());
    }
    let what = format!("fis:ListExperiments in {region}");
    let mut out = Vec::new();
    let send = |token| {
        let req = (client.list_experiments())
            .max_results(PAGE)
            .set_next_token(token);
        let what = what.clone();
        async move { req.send().await.map_err(|e| classify(&what, &e)) }
    };
    let each = |page: &ListExperimentsOutput| {
        for x in page.experiments() {
            let (Some(id), Some(template)) = (
                x.id().and_then(plain_id),
                x.experiment_template_id().and_then(plain_id),
            ) else {
                continue;
            };
            if !templates.contains(template) {
                continue;
            }
            out.push(Summary {
                id: id.to_string(),
                template: template.to_string(),
                state: x
                    .state()
                    .and_then(|s| s.status())
                    .and_then(|s| ExperimentState::parse(s.as_str())),
                // To the nanosecond: two runs started within a second are still ordered.
                created: x
                    .creation_time()
                    .and_then(|t| jiff::Timestamp::new(t.secs(), t.subsec_nanos() as i32).ok()),
            });
        }
    };
    let next = ListExperimentsOutput::next_token;
    every_page(aws, region, &what, send, next, each).await?;
    Ok(out)
}

/// The runs worth a `GetExperiment`: per template, its latest run and its latest completed
/// run (the same one, often). Sorted by id, so the calls and their order are the same on
/// every run.
fn deciding(summaries: &[Summary]) -> Vec<&Summary> {
    let mut latest: BTreeMap<&str, &Summary> = BTreeMap::new();
    let mut completed: BTreeMap<&str, &Summary> = BTreeMap::new();
    let newer = |a: &Summary, b: &Summary| (a.created, &a.id) > (b.created, &b.id);
    for s in summaries {
        let slot = latest.entry(s.template.as_str()).or_insert(s);
        if newer(s, slot) {
            *slot = s;
        }
        if s.state == Some(ExperimentState::Completed) {
            let slot = completed.entry(s.template.as_str()).or_insert(s);
            if newer(s, slot) {
                *slot = s;
            }
        }
    }
    let mut chosen: Vec<&Summary> = latest
        .into_values()
        .chain(completed.into_values())
        .collect();
    chosen.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    chosen.dedup_by(|a, b| a.id == b.id);
    chosen
}

/// An id as FIS writes them (`EXT…`, `EXP…`; letters, digits, `-`, `_`, at most 64): anything
/// else is not an id drplan repeats or asks about.
fn plain_id(text: &str) -> Option<&str> {
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    Some(text).filter(|t| !t.is_empty() && t.len() <= 64 && t.chars().all(plain))
}

/// One run, in detail (`GetExperiment`); `summary` is what the listing said of it.
async fn detail(
    aws: &Aws,
    client: &Client,
    region: &str,
    summary: &Summary,
) -> Result<Run, StoreError> {
    let id = summary.id.as_str();
    let what = format!("fis:GetExperiment {id} in {region}");
    let out = aws
        .call("fis", region, &what, || {
            let req = client.get_experiment().id(id);
            let what = what.clone();
            async move { req.send().await.map_err(|e| classify(&what, &e)) }
        })
        .await?;
    let x = out
        .experiment()
        .ok_or_else(|| StoreError::other(format!("{what}: no experiment in the answer")))?;
    let state = x.state();
    let status = state.and_then(|s| s.status()).map(|s| s.as_str());
    let parsed = status.and_then(ExperimentState::parse).ok_or_else(|| {
        StoreError::other(format!(
            "{what}: the state {:?} is not one FIS documents",
            shown(status.unwrap_or("(none)"))
        ))
    })?;
    let started = x.start_time().and_then(|t| timestamp(t.secs()));
    let created = x
        .creation_time()
        .and_then(|t| timestamp(t.secs()))
        .or(started)
        .ok_or_else(|| StoreError::other(format!("{what}: no creation or start time")))?;
    Ok(Run {
        id: id.to_string(),
        template: summary.template.clone(),
        state: parsed,
        reason: state
            .and_then(|s| s.reason())
            .filter(|r| !r.trim().is_empty())
            .map(shown),
        created,
        started,
        ended: x.end_time().and_then(|t| timestamp(t.secs())),
    })
}

/// Text from the server as drplan shows it: control characters escaped, credentials hidden,
/// cut (`words::Shown`).
fn shown(text: &str) -> String {
    crate::words::Shown(text).to_string()
}

#[cfg(test)]
mod tests {
    use aws_sdk_fis::config::retry::RetryConfig;
    use aws_sdk_fis::operation::get_experiment::GetExperimentOutput;
    use aws_sdk_fis::types::{
        Experiment, ExperimentState as FisState, ExperimentStatus, ExperimentSummary,
        ExperimentTemplateSummary,
    };
    use aws_smithy_mocks::{RuleMode, mock, mock_client};
    use aws_smithy_types::DateTime;

    use super::*;
    use crate::verify::report::LocationStatus;
    use crate::verify::sources::Role;
    use crate::verify::sources::{Found, SourceName, block_on, judge};

    /// 2026-11-20T00:00:00Z, and `hours` after it.
    fn at(hours: i64) -> DateTime {
        DateTime::from_secs(1_795_132_800 + hours * 3600)
    }

    fn template(id: &str, tags: &[(&str, &str)]) -> ExperimentTemplateSummary {
        let mut t = ExperimentTemplateSummary::builder().id(id);
        for (k, v) in tags {
            t = t.tags(*k, *v);
        }
        t.build()
    }

    fn state(status: ExperimentStatus, reason: &str) -> FisState {
        FisState::builder().status(status).reason(reason).build()
    }

    fn summary(
        id: &str,
        template: &str,
        status: ExperimentStatus,
        hours: i64,
    ) -> ExperimentSummary {
        ExperimentSummary::builder()
            .id(id)
            .experiment_template_id(template)
            .state(state(status, ""))
            .creation_time(at(hours))
            .build()
    }

    fn experiment(id: &str, status: ExperimentStatus, reason: &str, hours: i64) -> Experiment {
        Experiment::builder()
            .id(id)
            .experiment_template_id("EXT1")
            .state(state(status, reason))
            .creation_time(at(hours))
            .start_time(at(hours))
            .end_time(DateTime::from_secs(at(hours).secs() + 600))
            .build()
    }

    /// moto never fails an experiment, so a failed run (the state FIS gives when an action
    /// errors or a target does not resolve) comes from the SDK's mocks: the templates over two
    /// pages (one untagged, ignored), the runs of the tagged one (an older completed run, a
    /// newer failed one, and an older failed one that neither decides), `GetExperiment` for
    /// the two that decide only; judged, the component is tested (`fresh`) and the failure is an
    /// anomaly with FIS's reason, its control characters escaped.
    #[test]
    fn a_failed_run_is_read_with_its_reason_and_judged() {
        let first = mock!(aws_sdk_fis::Client::list_experiment_templates)
            .match_requests(|r| r.next_token().is_none())
            .then_output(|| {
                ListExperimentTemplatesOutput::builder()
                    .experiment_templates(template(
                        "EXT1",
                        &[
                            (TAG_COMPONENT, "api"),
                            (TAG_ITEM, "experiment:instance-loss:api"),
                        ],
                    ))
                    .next_token("t1")
                    .build()
            });
        let second = mock!(aws_sdk_fis::Client::list_experiment_templates)
            .match_requests(|r| r.next_token() == Some("t1"))
            .then_output(|| {
                ListExperimentTemplatesOutput::builder()
                    .experiment_templates(template("EXT2", &[("team", "payments")]))
                    .build()
            });
        let runs = mock!(aws_sdk_fis::Client::list_experiments).then_output(|| {
            ListExperimentsOutput::builder()
                .experiments(summary("EXPold", "EXT1", ExperimentStatus::Failed, 1))
                .experiments(summary("EXPok", "EXT1", ExperimentStatus::Completed, 24))
                .experiments(summary("EXPfail", "EXT1", ExperimentStatus::Failed, 48))
                .experiments(summary("EXPother", "EXT2", ExperimentStatus::Completed, 50))
                .build()
        });
        let ok = mock!(aws_sdk_fis::Client::get_experiment)
            .match_requests(|r| r.id() == Some("EXPok"))
            .then_output(|| {
                GetExperimentOutput::builder()
                    .experiment(experiment(
                        "EXPok",
                        ExperimentStatus::Completed,
                        "Experiment completed.",
                        24,
                    ))
                    .build()
            });
        let failed = mock!(aws_sdk_fis::Client::get_experiment)
            .match_requests(|r| r.id() == Some("EXPfail"))
            .then_output(|| {
                GetExperimentOutput::builder()
                    .experiment(experiment(
                        "EXPfail",
                        ExperimentStatus::Failed,
                        "Target resolution failed\u{1b}[31m for DBInstances",
                        48,
                    ))
                    .build()
            });
        let client = mock_client!(
            aws_sdk_fis,
            RuleMode::MatchAny,
            [&first, &second, &runs, &ok, &failed],
            |c| c.retry_config(RetryConfig::disabled())
        );
        let aws = Aws::for_tests();
        let got = block_on(list(&aws, &client, "us-east-1")).expect("listed");
        assert_eq!(
            got.templates,
            [Template {
                id: "EXT1".into(),
                component: "api".into(),
                item: Some("experiment:instance-loss:api".into()),
                runs: 3,
            }]
        );
        let ids: Vec<(&str, ExperimentState)> =
            got.runs.iter().map(|r| (r.id.as_str(), r.state)).collect();
        assert_eq!(
            ids,
            [
                ("EXPfail", ExperimentState::Failed),
                ("EXPok", ExperimentState::Completed)
            ]
        );
        assert_eq!(ok.num_calls() + failed.num_calls(), 2);
        assert_eq!(
            got.runs[0].reason.as_deref(),
            Some("Target resolution failed\\u{1b}[31m for DBInstances")
        );

        let mut e = judge::empty("api", SourceName::Fis, "us-east-1", Role::Primary);
        let found = Found {
            templates: got.templates,
            runs: got.runs,
            ..Found::default()
        };
        let now = "2026-11-26T20:00:00Z".parse().expect("a time");
        judge::experiments(&mut e, found, now);
        assert_eq!(e.status, LocationStatus::Fresh);
        let last = e.last_completed_experiment.as_ref().expect("one completed");
        assert_eq!(last.id, "EXPok");
        assert_eq!(last.duration_secs, Some(600));
        assert_eq!(e.anomalies.len(), 1, "{:?}", e.anomalies);
        assert!(
            e.anomalies[0].contains(
                "experiment EXPfail (2026-11-22T00:00:00Z), failed: Target resolution failed"
            ),
            "{:?}",
            e.anomalies
        );
    }

    /// A listing whose page token comes back is not trusted: an error, not a partial answer.
    #[test]
    fn a_repeated_page_token_is_an_error() {
        let looping = mock!(aws_sdk_fis::Client::list_experiment_templates).then_output(|| {
            ListExperimentTemplatesOutput::builder()
                .next_token("again")
                .build()
        });
        let client = mock_client!(aws_sdk_fis, RuleMode::MatchAny, [&looping], |c| c
            .retry_config(RetryConfig::disabled()));
        let aws = Aws::for_tests();
        let err = block_on(list(&aws, &client, "us-east-1")).expect_err("never ends");
        assert!(err.message.contains("never ends"), "{}", err.message);
    }

    /// Only plain ids are repeated or asked about.
    #[test]
    fn ids_are_plain() {
        assert_eq!(plain_id("EXPaBc123-_x"), Some("EXPaBc123-_x"));
        assert_eq!(plain_id("EXP/../x"), None);
        assert_eq!(plain_id(""), None);
        assert_eq!(plain_id(&"x".repeat(65)), None);
    }
}
