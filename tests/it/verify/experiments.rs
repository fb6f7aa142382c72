//! Tests that ran count (docs/verify.md, "Experiments AWS FIS ran"): experiment templates as
//! `drplan ops` emits them (their tags read from the emitted CloudFormation) created in moto's
//! server on 127.0.0.1, experiments started and stopped there, then `drplan verify --source
//! fis` and `drplan assess --evidence` through the real binary. moto moves an experiment one
//! state on at each `GetExperiment` (pending, initiating, running, completed; stopping, stopped
//! after `StopExperiment`); it never fails or cancels one, so a failed run is covered with the
//! SDK's mocks in `src/verify/sources/fis.rs`.

use std::collections::HashMap;
use std::path::Path;

use aws_sdk_fis::types::{
    CreateExperimentTemplateActionInput, CreateExperimentTemplateStopConditionInput,
};
use serde_json::{Value, json};

use super::evidence::{Moto, Out, now_plus, run, runtime, sdk};
use super::server::TempDir;

fn write_arch(dir: &Path) -> std::path::PathBuf {
    let arch = json!({
        "name": "fis-test",
        "regions": { "primary": "us-east-1" },
        "policy": { "targets": { "hardware": { "rto": "15m", "rpo": "0s" },
                                 "az": { "rto": "30m", "rpo": "5m" } } },
        "components": [
            { "id": "web", "kind": "compute", "service": "aws:ec2",
              "deployment": { "instances": 2, "zones": 2 },
              "depends_on": [ { "id": "api", "timeout": "2s" } ] },
            { "id": "api", "kind": "compute", "service": "aws:ec2",
              "deployment": { "instances": 2, "zones": 2 } },
            { "id": "db", "kind": "database", "service": "aws:rds:postgres",
              "deployment": { "instances": 2, "zones": 2 }, "backup": { "frequency": "24h" } },
            { "id": "cache", "kind": "cache", "deployment": { "instances": 2, "zones": 2 },
              "observability": { "experiments": ["instance-loss"] } }
        ]
    });
    let path = dir.join("arch.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&arch).expect("json")).expect("write arch");
    path
}

/// The tags `drplan ops --emit cloudformation` puts on each experiment template, by the
/// item's key.
fn emitted_tags(dir: &Path, arch: &Path) -> HashMap<String, HashMap<String, String>> {
    let out = dir.join("ops");
    let run = crate::util::drplan_run(&[
        "ops",
        arch.to_str().expect("a UTF-8 path"),
        "--emit",
        "cloudformation",
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |p: &str| -> Value {
        serde_json::from_slice(&std::fs::read(out.join(p)).expect("emitted")).expect("JSON")
    };
    let manifest = read("manifest.json");
    let mut tags = HashMap::new();
    for a in manifest["artifacts"].as_array().expect("artifacts") {
        if a["artifact"] != "fis-experiment-template" {
            continue;
        }
        let template = read(a["file"].as_str().expect("a file"));
        let resource = &template["Resources"][a["logical_name"].as_str().expect("a name")];
        assert_eq!(resource["Type"], "AWS::FIS::ExperimentTemplate");
        let t: HashMap<String, String> =
            serde_json::from_value(resource["Properties"]["Tags"].clone()).expect("a tag map");
        tags.insert(a["key"].as_str().expect("a key").to_string(), t);
    }
    tags
}

/// What the test put into moto: the ids of the experiments it started.
struct Seeded {
    api_completed: String,
    api_pending: String,
    web_stopped: String,
}

/// Templates with the emitted tags (api's instance loss and AZ loss, db's instance loss, web's
/// instance loss), one tagged for a component that does not exist and one without tags; api's
/// instance loss runs to completion and is started again (still pending), web's is stopped
/// before it runs, db's never runs.
fn seed(moto: &Moto, tags: &HashMap<String, HashMap<String, String>>) -> Seeded {
    let tagged = |key: &str| {
        tags.get(key)
            .unwrap_or_else(|| panic!("drplan ops emitted no template for {key}: {tags:?}"))
            .clone()
    };
    runtime().block_on(async {
        let fis = aws_sdk_fis::Client::new(&sdk(&moto.url).await);
        let create = |tags: Option<HashMap<String, String>>| {
            let fis = fis.clone();
            async move {
                let out = fis
                    .create_experiment_template()
                    .description("drplan test")
                    .role_arn("arn:aws:iam::123456789012:role/fis")
                    .stop_conditions(
                        CreateExperimentTemplateStopConditionInput::builder()
                            .source("none")
                            .build()
                            .expect("a stop condition"),
                    )
                    .actions(
                        "Wait",
                        CreateExperimentTemplateActionInput::builder()
                            .action_id("aws:fis:wait")
                            .parameters("duration", "PT1M")
                            .build()
                            .expect("an action"),
                    )
                    .set_tags(tags)
                    .send()
                    .await
                    .expect("create_experiment_template");
                out.experiment_template()
                    .and_then(|t| t.id())
                    .expect("a template id")
                    .to_string()
            }
        };
        let start = |template: String| {
            let fis = fis.clone();
            async move {
                let out = fis
                    .start_experiment()
                    .experiment_template_id(template)
                    .send()
                    .await
                    .expect("start_experiment");
                out.experiment()
                    .and_then(|x| x.id())
                    .expect("an experiment id")
                    .to_string()
            }
        };
        let api = create(Some(tagged("experiment:instance-loss:api"))).await;
        create(Some(tagged("experiment:az-loss:api"))).await;
        create(Some(tagged("experiment:instance-loss:db"))).await;
        let web = create(Some(tagged("experiment:instance-loss:web"))).await;
        let ghost = HashMap::from([("drplan:component".to_string(), "ghost".to_string())]);
        create(Some(ghost)).await;
        let untagged = create(None).await;

        // moto moves an experiment one state on at each GetExperiment: poll it to its end,
        // as an operator watching the game day would.
        let until = |id: String, end: &'static str| {
            let fis = fis.clone();
            async move {
                for _ in 0..10 {
                    let out = fis
                        .get_experiment()
                        .id(&id)
                        .send()
                        .await
                        .expect("get_experiment");
                    let status = out
                        .experiment()
                        .and_then(|x| x.state())
                        .and_then(|s| s.status())
                        .map(|s| s.as_str().to_string());
                    if status.as_deref() == Some(end) {
                        return id;
                    }
                }
                panic!("experiment {id} never reached {end}");
            }
        };
        let web_stopped = start(web).await;
        fis.stop_experiment()
            .id(&web_stopped)
            .send()
            .await
            .expect("stop_experiment");
        let web_stopped = until(web_stopped, "stopped").await;
        let api_completed = until(start(api.clone()).await, "completed").await;
        // A second game day on api, a second later (verify reads times to the second), still
        // pending when verify reads it.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let api_pending = start(api).await;
        start(untagged).await;
        Seeded {
            api_completed,
            api_pending,
            web_stopped,
        }
    })
}

/// An experiment run from a template `drplan ops` emitted, on moto: completed, it marks its
/// component tested in `assess --evidence` (the report says it was measured, with its id);
/// stopped, it is an anomaly in `verify` and DR406 with FIS's reason; a template that never
/// ran, or none at all where `observability.experiments` says one exists, leaves the
/// component untested (DR403); 40 days later the run is outside the 30-day test window. Only
/// read calls reached moto.
#[test]
fn experiments_that_ran_count_and_templates_that_did_not_do_not() {
    let Some(moto) = Moto::start(&[]) else { return };
    let dir = TempDir::new("fis");
    let arch = write_arch(dir.path());
    let seeded = seed(&moto, &emitted_tags(dir.path(), &arch));
    moto.record();
    let now = now_plus(60);
    let out = run(dir.path(), &arch, &moto.url, &now, &["--source", "fis"]);
    assert_eq!(out.code, 1, "findings, nothing unverified:\n{}", out.stdout);
    assert_eq!(out.json["schema_version"], 3);

    let api = out.entry("api", "fis");
    assert_eq!(api["status"], "fresh", "{api}");
    assert_eq!(api["resource"], "FIS templates tagged drplan:component=api");
    let last = &api["last_completed_experiment"];
    assert_eq!(last["id"], seeded.api_completed.as_str(), "{api}");
    assert_eq!(last["state"], "completed");
    assert_eq!(last["item"], "experiment:instance-loss:api");
    assert!(last["ended"].is_string(), "{api}");
    assert_eq!(api["templates"].as_array().map(Vec::len), Some(2), "{api}");
    assert!(
        api["notes"]
            .to_string()
            .contains("(experiment:az-loss:api) has never run"),
        "the AZ-loss template that never ran: {api}"
    );
    assert_eq!(api["anomalies"], json!([]), "{api}");
    assert!(
        api["notes"]
            .to_string()
            .contains(&format!("experiment {} (", seeded.api_pending)),
        "the run still going is noted, not judged: {api}"
    );

    let db = out.entry("db", "fis");
    assert_eq!(db["status"], "missing", "a template that never ran: {db}");
    assert!(db.get("last_completed_experiment").is_none(), "{db}");
    assert!(db["notes"].to_string().contains("has never run"), "{db}");

    let web = out.entry("web", "fis");
    assert_eq!(web["status"], "missing", "{web}");
    let stopped = &web["experiments"][0];
    assert_eq!(stopped["id"], seeded.web_stopped.as_str(), "{web}");
    assert_eq!(stopped["state"], "stopped", "{web}");
    assert_eq!(
        stopped["reason"], "Experiment stopped",
        "moto's reason: {web}"
    );
    let anomalies = web["anomalies"].to_string();
    assert!(
        anomalies.contains("was stopped: Experiment stopped")
            && anomalies.contains(&seeded.web_stopped),
        "{web}"
    );

    let cache = out.entry("cache", "fis");
    assert_eq!(cache["status"], "missing", "{cache}");
    assert!(
        cache["notes"].to_string().contains(
            "no FIS experiment template tagged drplan:component=cache was found in us-east-1"
        ),
        "{cache}"
    );
    assert!(
        out.json["notes"]
            .to_string()
            .contains("tagged drplan:component=ghost, which names no component"),
        "{}",
        out.json["notes"]
    );
    let entries = out.json["evidence"].as_array().expect("evidence");
    assert_eq!(entries.len(), 4, "one entry per component FIS speaks of");
    assert!(
        out.stdout.contains("LAST COMPLETED EXPERIMENT"),
        "{}",
        out.stdout
    );

    // Read calls only: FIS is REST, so every one is a GET (the recorder keeps them all).
    let calls = moto.recording();
    assert!(!calls.is_empty(), "the recorder saw the run");
    for c in &calls {
        assert_eq!(
            c["method"], "GET",
            "a call that is not a read reached moto: {c}"
        );
        assert!(
            c["url"].as_str().is_some_and(|u| u.contains("/experiment")),
            "--source fis asks FIS alone: {c}"
        );
    }
    assert!(
        !out.json["notes"]
            .to_string()
            .contains("no recovery evidence read"),
        "FIS alone says nothing of resources: {}",
        out.json["notes"]
    );
    let gets = calls
        .iter()
        .filter(|c| {
            c["url"]
                .as_str()
                .is_some_and(|u| u.contains("/experiments/"))
        })
        .count();
    assert_eq!(
        gets, 3,
        "GetExperiment for the deciding runs only (api's latest and latest completed, web's latest): {calls:?}"
    );

    // The assessment: api tested by the measured run, the others not; web's stop is DR406.
    let evidence = dir.path().join("verify.json");
    let report = assess(&arch, &evidence, &now);
    let views = &report["experiments_run"];
    assert_eq!(
        views.as_array().map(Vec::len),
        Some(1),
        "only api completed one: {views}"
    );
    assert_eq!(views[0]["component"], "api");
    assert_eq!(views[0]["experiment"], seeded.api_completed.as_str());
    assert_eq!(views[0]["state"], "completed");
    assert_eq!(views[0]["measured"], true);
    assert_eq!(views[0]["within_test_window"], true);
    let found = findings(&report);
    let has = |rule: &str, id: &str| found.iter().any(|f| f.0 == rule && f.1 == id);
    assert!(!has("DR403", "api"), "{found:?}");
    for id in ["db", "web", "cache"] {
        assert!(has("DR403", id), "{id} never completed one: {found:?}");
    }
    let dr406: Vec<&(String, String, String)> = found.iter().filter(|f| f.0 == "DR406").collect();
    assert_eq!(dr406.len(), 1, "{found:?}");
    assert_eq!(dr406[0].1, "web");
    assert!(
        dr406[0].2.contains(&seeded.web_stopped)
            && dr406[0].2.contains("stopped")
            && dr406[0].2.contains("Experiment stopped"),
        "{}",
        dr406[0].2
    );
    let tested: Vec<(String, bool)> = report["operational"]["experiments"]
        .as_array()
        .expect("operational.experiments")
        .iter()
        .map(|x| {
            (
                x["component"].as_str().unwrap_or_default().to_string(),
                x["tested"] == true,
            )
        })
        .collect();
    assert!(
        tested.iter().all(|(id, t)| *t == (id == "api")),
        "{tested:?}"
    );
    let markdown = assess_as(&arch, &evidence, &now, "markdown");
    assert!(
        markdown.contains(&format!(
            "`api`: {} (experiment:instance-loss:api) completed",
            seeded.api_completed
        )),
        "{markdown}"
    );

    let html = assess_as(&arch, &evidence, &now, "html");
    assert!(
        html.contains(&format!(
            "last completed experiment (measured by AWS FIS): {} (experiment:instance-loss:api) completed",
            seeded.api_completed
        )),
        "the HTML card"
    );

    // 40 days on, the same run is older than the 30-day test window.
    let later = now_plus(40 * 86_400);
    let report = assess(&arch, &evidence, &later);
    assert_eq!(report["experiments_run"][0]["within_test_window"], false);
    let tested_api = report["operational"]["experiments"]
        .as_array()
        .expect("operational.experiments")
        .iter()
        .filter(|x| x["component"] == "api")
        .all(|x| x["tested"] == false);
    assert!(tested_api, "outside the test window");

    // 100 days on, it is older than DR403's 90 days too, and DR403 names it.
    let report = assess(&arch, &evidence, &now_plus(100 * 86_400));
    let stale = findings(&report)
        .into_iter()
        .find(|f| f.0 == "DR403" && f.1 == "api")
        .expect("DR403 on api");
    assert!(
        stale.2.contains(&format!(
            "api's last FIS experiment ({}, measured) was on",
            seeded.api_completed
        )),
        "{}",
        stale.2
    );
}

/// `assess ARCH --evidence FILE --now NOW --format json`.
fn assess(arch: &Path, evidence: &Path, now: &str) -> Value {
    serde_json::from_str(&assess_as(arch, evidence, now, "json")).expect("JSON")
}

fn assess_as(arch: &Path, evidence: &Path, now: &str, format: &str) -> String {
    let run = crate::util::run(
        crate::util::drplan()
            .arg("assess")
            .arg(arch)
            .args(["--now", now, "--format", format, "--evidence"])
            .arg(evidence),
    );
    assert!(run.code <= 1, "assess failed:\n{}", run.stderr);
    run.stdout()
}

/// `(rule, component, message)` of every finding.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("component"), s("message"))
        })
        .collect()
}

/// FIS that cannot be read (moto with IAM checks on: the credentials are unknown): a
/// component that declares experiments is `unverified`, never `missing` or `fresh`, exit 3.
#[test]
fn fis_that_cannot_be_read_is_unverified() {
    let Some(moto) = Moto::start(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")]) else {
        return;
    };
    let dir = TempDir::new("fis-denied");
    let arch = write_arch(dir.path());
    let out: Out = run(
        dir.path(),
        &arch,
        &moto.url,
        &now_plus(0),
        &["--source", "fis"],
    );
    assert_eq!(out.code, 3, "{}", out.stdout);
    let cache = out.entry("cache", "fis");
    assert_eq!(cache["status"], "unverified", "{cache}");
    assert!(
        cache["errors"]
            .to_string()
            .contains("fis:ListExperimentTemplates"),
        "{cache}"
    );
}
