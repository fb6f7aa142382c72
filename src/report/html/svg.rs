//! Geometry for the charts the templates draw as inline SVG: the runbook timeline (a Gantt
//! chart of each component's recovery) and the cost/RTO frontier (a step chart). Only
//! numbers and ids come out of here; the markup, with its escaping, is in the templates.

use serde::Serialize;

use crate::duration::human_secs;
use crate::plan::runbook::Recovery;

/// Width of the charts' coordinate system; the SVG scales to its container.
pub const CHART_W: f64 = 960.0;
const LABEL_W: f64 = 170.0;
const RIGHT_W: f64 = 90.0;
const ROW_H: f64 = 22.0;
const AXIS_H: f64 = 28.0;
/// Points marked on the frontier chart.
const MAX_MARKS: usize = 60;

#[derive(Serialize)]
pub struct Tick {
    pub x: f64,
    pub label: String,
}

#[derive(Serialize)]
pub struct Marker {
    pub x: f64,
    pub label: String,
}

#[derive(Serialize)]
pub struct Segment {
    pub x: f64,
    pub w: f64,
}

#[derive(Serialize)]
pub struct GanttRow<'a> {
    pub y: f64,
    pub component: &'a str,
    /// Its own recovery work, from the disruption.
    pub work: Option<Segment>,
    /// Waiting for its dependencies.
    pub wait: Option<Segment>,
    /// Its startup once they are back.
    pub startup: Option<Segment>,
    /// Where it is in service, and when.
    pub ready_x: f64,
    pub ready: String,
    pub critical_path: bool,
    pub automatic: bool,
    /// No entry point needs it critically: it only degrades the app.
    pub degrades_only: bool,
    /// Cannot recover: the row is a hatched bar to the end, with the reason.
    pub blocked: Option<&'a str>,
}

#[derive(Serialize)]
pub struct Gantt<'a> {
    pub width: f64,
    pub height: f64,
    pub label_w: f64,
    pub plot_right: f64,
    pub axis_y: f64,
    pub ticks: Vec<Tick>,
    pub target: Option<Marker>,
    pub app: Option<Marker>,
    pub rows: Vec<GanttRow<'a>>,
    /// How many steps and blocked components the chart leaves out.
    pub hidden: usize,
}

/// A coordinate to one decimal.
fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A round step for an axis from 0 to `max` seconds, at most about eight ticks.
fn tick_step(max: f64) -> f64 {
    const STEPS: [f64; 22] = [
        10.0,
        30.0,
        60.0,
        120.0,
        300.0,
        600.0,
        900.0,
        1800.0,
        3600.0,
        7200.0,
        10800.0,
        14400.0,
        21600.0,
        43200.0,
        86400.0,
        172_800.0,
        432_000.0,
        864_000.0,
        2_592_000.0,
        7_776_000.0,
        31_536_000.0,
        315_360_000.0,
    ];
    STEPS
        .iter()
        .copied()
        .find(|s| max / s <= 8.0)
        .unwrap_or(max / 8.0)
}

/// Picks up to `limit` rows of `plan`: every row when they fit, else the critical path, then
/// the steps that finish last, then a few blocked components; in runbook order.
fn pick(plan: &Recovery, limit: usize) -> (Vec<usize>, Vec<usize>) {
    let total = plan.steps.len() + plan.blocked.len();
    let blocked_max = if total <= limit {
        plan.blocked.len()
    } else {
        (limit / 5).max(limit.saturating_sub(plan.steps.len()))
    };
    let blocked: Vec<usize> = (0..plan.blocked.len().min(blocked_max)).collect();
    let room = limit - blocked.len();
    if plan.steps.len() <= room {
        return ((0..plan.steps.len()).collect(), blocked);
    }
    let mut chosen: Vec<usize> = (0..plan.steps.len())
        .filter(|&i| plan.steps[i].critical_path)
        .take(room)
        .collect();
    let mut rest: Vec<usize> = (0..plan.steps.len())
        .filter(|&i| !plan.steps[i].critical_path)
        .collect();
    rest.sort_by_key(|&i| (std::cmp::Reverse(plan.steps[i].finish_secs), i));
    chosen.extend(rest.into_iter().take(room - chosen.len()));
    chosen.sort_unstable();
    (chosen, blocked)
}

/// The runbook of one disruption as a timeline of at most `limit` rows.
pub fn gantt<'a>(plan: &'a Recovery<'a>, limit: usize) -> Gantt<'a> {
    let (steps, blocked) = pick(plan, limit);
    let target = plan.target.map(|t| crate::duration::secs(t.rto));
    let latest = steps
        .iter()
        .map(|&i| plan.steps[i].finish_secs.max(plan.steps[i].work_secs))
        .max()
        .unwrap_or(0);
    let max = (latest.max(target.unwrap_or(0)).max(60) as f64) * 1.06;
    let plot_w = CHART_W - LABEL_W - RIGHT_W;
    let sx = |s: u64| r1(LABEL_W + (s as f64 / max) * plot_w);
    let step = tick_step(max);
    let ticks = (0..)
        .map(|k| k as f64 * step)
        .take_while(|t| *t <= max)
        .map(|t| Tick {
            x: sx(t as u64),
            label: human_secs(t as u64),
        })
        .collect();
    let seg = |from: u64, to: u64| {
        (to > from).then(|| Segment {
            x: sx(from),
            w: r1((sx(to) - sx(from)).max(1.0)),
        })
    };
    let mut rows: Vec<GanttRow> = Vec::with_capacity(steps.len() + blocked.len());
    let mut y = AXIS_H;
    for &i in &steps {
        let s = &plan.steps[i];
        let serving_from = s.finish_secs.saturating_sub(s.startup_secs);
        rows.push(GanttRow {
            y,
            component: s.component,
            work: Some(seg(0, s.work_secs).unwrap_or(Segment { x: sx(0), w: 2.0 })),
            wait: seg(s.work_secs, serving_from),
            startup: seg(serving_from, s.finish_secs),
            ready_x: sx(s.finish_secs),
            ready: s.finish.clone(),
            critical_path: s.critical_path,
            automatic: s.automatic,
            degrades_only: !s.gates_app,
            blocked: None,
        });
        y += ROW_H;
    }
    for &i in &blocked {
        let b = &plan.blocked[i];
        rows.push(GanttRow {
            y,
            component: b.component,
            work: None,
            wait: None,
            startup: None,
            ready_x: LABEL_W + plot_w,
            ready: "never".into(),
            critical_path: plan.critical_path.contains(&b.component),
            automatic: false,
            degrades_only: false,
            blocked: Some(&b.reason),
        });
        y += ROW_H;
    }
    let height = y + 8.0;
    Gantt {
        width: CHART_W,
        height,
        label_w: LABEL_W,
        plot_right: LABEL_W + plot_w,
        axis_y: AXIS_H - 10.0,
        ticks,
        target: target.map(|t| Marker {
            x: sx(t),
            label: format!("target {}", human_secs(t)),
        }),
        app: plan.rto_secs.map(|t| Marker {
            x: sx(t),
            label: format!("app back {}", human_secs(t)),
        }),
        rows,
        hidden: plan.steps.len() + plan.blocked.len() - steps.len() - blocked.len(),
    }
}

/// One point of the cost/RTO frontier (docs/model.md §5, docs/json.md `frontier`).
#[derive(Debug, Clone, Copy)]
pub struct FrontierPoint {
    pub region_rto_secs: u64,
    pub monthly_dr_cost: f64,
}

#[derive(Serialize)]
pub struct StepChart {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub bottom: f64,
    pub right: f64,
    pub top: f64,
    /// The step line, as SVG path data.
    pub path: String,
    /// Marked points (at most `MAX_MARKS`, evenly spread; the line has them all).
    pub points: Vec<ChartPoint>,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<YTick>,
    pub target: Option<Marker>,
}

#[derive(Serialize)]
pub struct ChartPoint {
    pub x: f64,
    pub y: f64,
    pub rto: String,
    pub cost: f64,
}

#[derive(Serialize)]
pub struct YTick {
    pub y: f64,
    pub value: f64,
}

/// The cost/RTO frontier as a step chart: RTO on x, monthly DR cost on y; the cost of an
/// RTO holds until the next, cheaper point.
pub fn frontier(points: &[FrontierPoint], target_rto: Option<u64>) -> Option<StepChart> {
    if points.is_empty() {
        return None;
    }
    let mut pts = points.to_vec();
    pts.sort_by(|a, b| {
        a.region_rto_secs
            .cmp(&b.region_rto_secs)
            .then(a.monthly_dr_cost.total_cmp(&b.monthly_dr_cost))
    });
    let (width, height) = (CHART_W, 300.0);
    let (left, right, top, bottom) = (80.0, CHART_W - 30.0, 20.0, height - 40.0);
    let max_x = (pts.iter().map(|p| p.region_rto_secs).max().unwrap_or(0))
        .max(target_rto.unwrap_or(0))
        .max(60) as f64
        * 1.1;
    let max_y = pts
        .iter()
        .map(|p| p.monthly_dr_cost)
        .fold(0.0_f64, f64::max)
        .max(1.0)
        * 1.1;
    let sx = |s: f64| left + s / max_x * (right - left);
    let sy = |c: f64| bottom - c / max_y * (bottom - top);
    let mut path = String::new();
    for (i, p) in pts.iter().enumerate() {
        let (x, y) = (sx(p.region_rto_secs as f64), sy(p.monthly_dr_cost));
        if i == 0 {
            path.push_str(&format!("M{x:.1},{y:.1}"));
        } else {
            path.push_str(&format!("H{x:.1}V{y:.1}"));
        }
    }
    path.push_str(&format!("H{right:.1}"));
    let xs = tick_step(max_x);
    let x_ticks = (0..)
        .map(|k| k as f64 * xs)
        .take_while(|t| *t <= max_x)
        .map(|t| Tick {
            x: r1(sx(t)),
            label: human_secs(t as u64),
        })
        .collect();
    let ys = nice_step(max_y);
    let y_ticks = (0..)
        .map(|k| k as f64 * ys)
        .take_while(|v| *v <= max_y)
        .map(|v| YTick {
            y: r1(sy(v)),
            value: v,
        })
        .collect();
    Some(StepChart {
        width,
        height,
        left,
        bottom,
        right,
        top,
        path,
        points: pts
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                pts.len() <= MAX_MARKS
                    || i % pts.len().div_ceil(MAX_MARKS) == 0
                    || *i == pts.len() - 1
            })
            .map(|(_, p)| ChartPoint {
                x: r1(sx(p.region_rto_secs as f64)),
                y: r1(sy(p.monthly_dr_cost)),
                rto: human_secs(p.region_rto_secs),
                cost: p.monthly_dr_cost,
            })
            .collect(),
        x_ticks,
        y_ticks,
        target: target_rto.map(|t| Marker {
            x: r1(sx(t as f64)),
            label: format!("target {}", human_secs(t)),
        }),
    })
}

/// 1, 2 or 5 times a power of ten, giving at most about six ticks up to `max`.
fn nice_step(max: f64) -> f64 {
    let raw = max / 6.0;
    let pow = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * pow)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * pow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_few() {
        assert_eq!(tick_step(4.0 * 3600.0), 1800.0);
        assert_eq!(tick_step(600.0), 120.0);
        assert_eq!(nice_step(1800.0), 500.0);
    }

    #[test]
    fn frontier_is_a_step_line_through_sorted_points() {
        let chart = frontier(
            &[
                FrontierPoint {
                    region_rto_secs: 3600,
                    monthly_dr_cost: 900.0,
                },
                FrontierPoint {
                    region_rto_secs: 600,
                    monthly_dr_cost: 2400.0,
                },
            ],
            Some(14_400),
        )
        .expect("test fixture is valid");
        assert!(chart.path.starts_with('M'));
        assert_eq!(chart.points[0].rto, "10m");
        assert!(chart.points[0].x < chart.points[1].x && chart.points[0].y < chart.points[1].y);
    }
}
