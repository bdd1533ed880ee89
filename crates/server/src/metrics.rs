//! Counters for `GET /metrics`, in the Prometheus text format: requests by
//! route and status, a latency histogram, documents processed and errors.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// What the server has done since it started.
#[derive(Default)]
pub struct Metrics {
    /// (route, status) → requests.
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    /// Requests per latency bucket (not cumulative; `+Inf` last).
    latency: [AtomicU64; BUCKETS.len() + 1],
    latency_micros: AtomicU64,
    documents: AtomicU64,
    document_errors: AtomicU64,
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, route: &str, status: u16, took: Duration) {
        *self
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry((route.to_string(), status))
            .or_default() += 1;
        let secs = took.as_secs_f64();
        let i = BUCKETS
            .iter()
            .position(|&b| secs <= b)
            .unwrap_or(BUCKETS.len());
        self.latency[i].fetch_add(1, Ordering::Relaxed);
        self.latency_micros
            .fetch_add(took.as_micros() as u64, Ordering::Relaxed);
    }

    /// Counts one document run through the pipeline.
    pub fn document_done(&self, error_record: bool) {
        self.documents.fetch_add(1, Ordering::Relaxed);
        if error_record {
            self.document_errors.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The Prometheus text exposition; `in_flight` is the extractions
    /// admitted now.
    pub fn render(&self, in_flight: usize) -> String {
        let mut o = String::new();
        let requests = self
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        o.push_str("# HELP attache_http_requests_total HTTP requests answered.\n");
        o.push_str("# TYPE attache_http_requests_total counter\n");
        let mut server_errors = 0;
        for ((route, status), n) in &requests {
            let _ = writeln!(
                o,
                "attache_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
            if *status >= 500 {
                server_errors += n;
            }
        }
        o.push_str("# HELP attache_http_server_errors_total Answers with a 5xx status.\n");
        o.push_str("# TYPE attache_http_server_errors_total counter\n");
        let _ = writeln!(o, "attache_http_server_errors_total {server_errors}");
        o.push_str("# HELP attache_http_request_duration_seconds Time to answer.\n");
        o.push_str("# TYPE attache_http_request_duration_seconds histogram\n");
        let mut cumulative = 0;
        for (i, bound) in BUCKETS.iter().enumerate() {
            cumulative += self.latency[i].load(Ordering::Relaxed);
            let _ = writeln!(
                o,
                "attache_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
            );
        }
        cumulative += self.latency[BUCKETS.len()].load(Ordering::Relaxed);
        let _ = writeln!(
            o,
            "attache_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {cumulative}"
        );
        let sum = self.latency_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(o, "attache_http_request_duration_seconds_sum {sum}");
        let _ = writeln!(
            o,
            "attache_http_request_duration_seconds_count {cumulative}"
        );
        let counters = [
            (
                "attache_documents_processed_total",
                "Documents run through the pipeline.",
                self.documents.load(Ordering::Relaxed),
            ),
            (
                "attache_document_errors_total",
                "Documents that yielded an error record.",
                self.document_errors.load(Ordering::Relaxed),
            ),
        ];
        for (name, help, v) in counters {
            let _ = writeln!(o, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}");
        }
        o.push_str("# HELP attache_extractions_in_flight Extractions running or queued.\n");
        o.push_str("# TYPE attache_extractions_in_flight gauge\n");
        let _ = writeln!(o, "attache_extractions_in_flight {in_flight}");
        o
    }
}

/// Escapes a label value.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_is_cumulative_and_counts_match() {
        let m = Metrics::default();
        m.request("/api/events", 200, Duration::from_micros(500));
        m.request("/api/events", 400, Duration::from_millis(30));
        m.request("/api/extract", 503, Duration::from_secs(20));
        m.document_done(true);
        let text = m.render(2);
        assert!(
            text.contains("attache_http_requests_total{route=\"/api/events\",status=\"400\"} 1")
        );
        assert!(text.contains("attache_http_request_duration_seconds_bucket{le=\"0.001\"} 1\n"));
        assert!(text.contains("attache_http_request_duration_seconds_bucket{le=\"0.05\"} 2\n"));
        assert!(text.contains("attache_http_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"));
        assert!(text.contains("attache_http_server_errors_total 1\n"));
        assert!(text.contains("attache_document_errors_total 1\n"));
        assert!(text.contains("attache_extractions_in_flight 2\n"));
    }
}
