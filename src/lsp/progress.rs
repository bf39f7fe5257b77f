//! `$/progress` reports (window/workDoneProgress) for long background work.

use super::answers::answer;
use tower_lsp::lsp_types::notification::Progress as ProgressNotification;
use tower_lsp::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp::lsp_types::{
    NumberOrString, ProgressParams, ProgressParamsValue, WorkDoneProgress, WorkDoneProgressBegin,
    WorkDoneProgressCreateParams, WorkDoneProgressEnd, WorkDoneProgressReport,
};
use tower_lsp::Client;

/// A progress report shown by the client, or nothing when the client cannot
/// show one (it did not announce `window.workDoneProgress`, or refused the token).
pub struct Progress {
    client: Client,
    token: Option<NumberOrString>,
}

impl Progress {
    pub async fn begin(client: &Client, supported: bool, token: String, title: &str) -> Self {
        let token = NumberOrString::String(token);
        let create = client.send_request::<WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
            token: token.clone(),
        });
        // A client that never answers gets no progress report, not a hang.
        let created = supported && answer("a progress token", create).await.is_some();
        let progress = Progress {
            client: client.clone(),
            token: created.then_some(token),
        };
        progress
            .send(WorkDoneProgress::Begin(WorkDoneProgressBegin {
                title: title.to_string(),
                cancellable: Some(false),
                message: None,
                percentage: Some(0),
            }))
            .await;
        progress
    }

    /// Reports `percentage` done.
    pub async fn report(&self, percentage: u32) {
        self.send(WorkDoneProgress::Report(WorkDoneProgressReport {
            cancellable: Some(false),
            message: None,
            percentage: Some(percentage.min(100)),
        }))
        .await;
    }

    pub async fn end(self, message: String) {
        self.send(WorkDoneProgress::End(WorkDoneProgressEnd {
            message: Some(message),
        }))
        .await;
    }

    async fn send(&self, value: WorkDoneProgress) {
        if let Some(token) = &self.token {
            self.client
                .send_notification::<ProgressNotification>(ProgressParams {
                    token: token.clone(),
                    value: ProgressParamsValue::WorkDone(value),
                })
                .await;
        }
    }
}
