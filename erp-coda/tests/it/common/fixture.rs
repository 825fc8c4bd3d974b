//! The fixture doc: all 36 tables of seed 000 with the awkward data of issue 11 (relations across
//! tables, to rows that do not exist and to several rows; duplicate display names; labels in the
//! wrong case; empty cells; Unicode; several currencies; date-times in several zones; self-references).

use serde_json::{Value, json};

pub const DOC: &str = "CxcSmXz318";

pub const BLUEPRINTS: &str = "grid-pgL9kxkhKI";
pub const WORKFLOWS: &str = "grid-BccTVdgIEo";
pub const PROCESS_TEMPLATES: &str = "grid-6ZlgsRtZO7";
pub const RESOURCE_TEMPLATES: &str = "grid-v4BEeA-eq1";
/// Seed 000 gives Execution Runs no id yet ("TBD"): the mapping finds it by name.
pub const EXECUTION_RUNS: &str = "grid-xRunsTBD001";
pub const VENTURES: &str = "grid-7nQc5Vde63";
pub const PROJECTS: &str = "grid-4xp4uJfrCX";
pub const TASKS: &str = "grid-YYWnWyA2ek";
pub const SPRINTS: &str = "grid-Dssve7Rjvt";
pub const OFFERS: &str = "grid-TcKoLLI4Of";
pub const ENGAGEMENTS: &str = "grid-9kDjcu0gpy";
pub const DELIVERABLES: &str = "grid-feAP4JK8EJ";
pub const RESULTS: &str = "grid-NXB5mCFBj2";
pub const PEOPLE: &str = "grid-lXbBizx_qG";
pub const ORGANIZATIONS: &str = "grid-IEkBj5Nwnp";
pub const TOUCHPOINTS: &str = "grid-qOH6nJMZEW";
pub const ICP_SEGMENTS: &str = "grid-CLQRLZModD";
pub const ICP_SCORING: &str = "grid-RG2RCvIEOv";
pub const DAILY_THREAD: &str = "grid-33magJT7Om";
pub const DECISION_JOURNAL: &str = "grid-fcSRcR12d8";
pub const EXPERIMENTS: &str = "grid-mIz62q1JqD";
pub const PROMPT_LIBRARY: &str = "grid-DrVH4Xzndu";
pub const NOTEBOOK: &str = "grid-EI7q6Ly4c7";
pub const EXPENSES: &str = "grid-AqoPAWoCXA";
pub const INVOICES: &str = "grid-Fqlzvh-KOi";
pub const PAYMENTS: &str = "grid-sB8w3ynJMF";
pub const KPIS: &str = "grid-ceolH5J2c7";
pub const FINANCE_SNAPSHOT: &str = "grid-Tu0UbYGGZM";
pub const DEALS: &str = "grid-J7LlLCm16p";
pub const OUTCOME_TYPES: &str = "grid-wVuFB2odV8";
pub const OKRS: &str = "grid-VzFgkj2Fxq";
pub const FUNCTIONAL_AREAS: &str = "grid-ssVNmhrIKs";
pub const TOPICS: &str = "grid-nIighffAjV";
pub const ASSETS: &str = "grid-aprrpKni50";
pub const IDEAS_INBOX: &str = "grid-ETK5XRNhSf";
pub const TEMPLATE_PERFORMANCE: &str = "grid-LMZfkAk4AE";

/// One fixture table: columns (name, Coda format type) and rows (id, cells by column name).
#[derive(Debug, Clone)]
pub struct Table {
    pub id: &'static str,
    pub name: &'static str,
    pub columns: Vec<(&'static str, &'static str)>,
    pub rows: Vec<(String, Value)>,
}

impl Table {
    /// The column id the API uses for a column name.
    pub fn column_id(name: &str) -> String {
        let slug: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        format!("c-{slug}")
    }

    /// The API's Column objects.
    pub fn api_columns(&self, base: &str) -> Vec<Value> {
        self.columns
            .iter()
            .map(|(name, format)| {
                let id = Table::column_id(name);
                let mut fmt = json!({"type": format, "isArray": false});
                if *format == "currency" {
                    fmt["currencyCode"] = json!("USD");
                }
                json!({
                    "id": id, "type": "column", "name": name,
                    "href": format!("{base}/docs/{DOC}/tables/{}/columns/{id}", self.id),
                    "format": fmt, "display": false, "calculated": false,
                })
            })
            .collect()
    }

    /// The API's Row objects (rich values keyed by column id).
    pub fn api_rows(&self, base: &str) -> Vec<Value> {
        self.rows
            .iter()
            .enumerate()
            .map(|(index, (id, cells))| {
                let mut values = serde_json::Map::new();
                for (name, _) in &self.columns {
                    let v = cells.get(*name).cloned().unwrap_or(json!(""));
                    values.insert(Table::column_id(name), v);
                }
                json!({
                    "id": id, "type": "row", "index": index, "name": row_name(self, cells),
                    "href": format!("{base}/docs/{DOC}/tables/{}/rows/{id}", self.id),
                    "browserLink": format!("https://coda.io/d/_d{DOC}#_tu{}/_ru{id}", self.id),
                    "createdAt": "2025-11-01T10:00:00.000Z", "updatedAt": "2025-12-01T10:00:00.000Z",
                    "values": values,
                })
            })
            .collect()
    }

    /// The API's Table object.
    pub fn api_table(&self, base: &str) -> Value {
        json!({
            "id": self.id, "type": "table", "tableType": "table", "name": self.name,
            "href": format!("{base}/docs/{DOC}/tables/{}", self.id),
            "browserLink": format!("https://coda.io/d/_d{DOC}#_tu{}", self.id),
            "parent": {"id": "canvas-1", "type": "page", "name": "ERP"},
            "rowCount": self.rows.len(), "createdAt": "2025-01-01T00:00:00.000Z",
            "updatedAt": "2025-12-01T00:00:00.000Z",
        })
    }
}

fn row_name(t: &Table, cells: &Value) -> String {
    let first = t.columns[0].0;
    match cells.get(first) {
        Some(Value::String(s)) => s.clone(),
        Some(v) if v.is_null() => String::new(),
        Some(v) => v
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| v.to_string()),
        None => String::new(),
    }
}

/// A relation cell (`StructuredValue` row reference).
pub fn rel(table: &str, row: &str, name: &str) -> Value {
    json!({
        "@context": "http://schema.org/", "@type": "StructuredValue", "additionalType": "row",
        "name": name, "url": format!("https://coda.io/d/_d{DOC}#_tu{table}/_ru{row}"),
        "tableId": table, "rowId": row, "tableUrl": format!("https://coda.io/d/_d{DOC}#_tu{table}"),
    })
}

/// A person cell.
pub fn person(name: &str, email: &str) -> Value {
    json!({"@context": "http://schema.org/", "@type": "Person", "name": name, "email": email})
}

/// A currency cell.
pub fn money(currency: &str, amount: Value) -> Value {
    json!({"@context": "http://schema.org/", "@type": "MonetaryAmount", "currency": currency, "amount": amount})
}

/// A link cell.
pub fn link(url: &str) -> Value {
    json!({"@context": "http://schema.org/", "@type": "WebPage", "name": url, "url": url})
}

fn t(
    id: &'static str,
    name: &'static str,
    columns: &[(&'static str, &'static str)],
    rows: Vec<(&str, Value)>,
) -> Table {
    Table {
        id,
        name,
        columns: columns.to_vec(),
        rows: rows.into_iter().map(|(id, v)| (id.to_owned(), v)).collect(),
    }
}

fn dana() -> Value {
    person("Dana Kellam", "dana@bestviable.com")
}

/// The whole fixture doc, in Coda's table order.
pub fn tables() -> Vec<Table> {
    vec![
        t(
            BLUEPRINTS,
            "Service Blueprints",
            &[
                ("Name", "text"),
                ("blueprint_id", "text"),
                ("Description", "text"),
                ("Customer Actions", "text"),
                ("Frontstage", "text"),
                ("Backstage", "text"),
                ("Support Processes", "text"),
                ("Evidence", "text"),
                ("Version", "text"),
                ("Status", "select"),
                ("Owner", "person"),
                ("Tags", "select"),
                ("Workflows", "lookup"),
                ("Offers", "lookup"),
            ],
            vec![(
                "i-sb1",
                json!({"Name": "Sprint Delivery", "blueprint_id": "SB-001", "Description": "Five layers",
                "Customer Actions": "Books a sprint", "Frontstage": "Kickoff call", "Backstage": "Planning",
                "Support Processes": "Coda → PostgreSQL", "Evidence": "Report", "Version": "1.2",
                "Status": "active", "Owner": dana(), "Tags": ["ops", "delivery"],
                "Workflows": [rel(WORKFLOWS, "i-wf1", "Onboarding"), rel(WORKFLOWS, "i-wf2", "Reporting")],
                "Offers": [rel(OFFERS, "i-of1", "Sprint Package")]}),
            )],
        ),
        t(
            WORKFLOWS,
            "Workflows",
            &[
                ("Name", "text"),
                ("workflow_id", "text"),
                ("Description", "text"),
                ("Service Blueprint", "lookup"),
                ("Functional Area", "lookup"),
                ("Steps", "text"),
                ("Estimated Hours", "number"),
                ("Automation Status", "select"),
                ("Version", "text"),
                ("Status", "select"),
                ("Tags", "select"),
                ("Execution Runs Count", "number"),
                ("Avg Actual Hours", "number"),
                ("Variance %", "percent"),
                ("Process Templates", "lookup"),
            ],
            vec![
                (
                    "i-wf1",
                    json!({"Name": "Onboarding", "workflow_id": "WF-1", "Service Blueprint": rel(BLUEPRINTS, "i-sb1", "Sprint Delivery"),
                    "Functional Area": rel(FUNCTIONAL_AREAS, "i-fa2", "Delivery"),
                    "Steps": "- Kickoff\n- Access\n- Plan", "Estimated Hours": 4, "Automation Status": "Semi automated",
                    "Version": "2", "Status": "Active", "Tags": ["core"], "Execution Runs Count": 2,
                    "Avg Actual Hours": 1.75, "Variance %": -0.5625,
                    "Process Templates": [rel(PROCESS_TEMPLATES, "i-pt1", "Onboarding - Sprint"), rel(PROCESS_TEMPLATES, "i-pt2", "Onboarding - Retainer")]}),
                ),
                (
                    "i-wf2",
                    json!({"Name": "Reporting", "Estimated Hours": "1 hr 30 mins", "Automation Status": "manual",
                    "Status": "Draft", "Steps": "[\"Collect\", \"Send\"]"}),
                ),
            ],
        ),
        t(
            PROCESS_TEMPLATES,
            "Process Templates",
            &[
                ("Name", "text"),
                ("process_template_id", "text"),
                ("Checklist", "text"),
                ("Template Type", "select"),
                ("Workflow", "lookup"),
                ("Version", "text"),
                ("Status", "select"),
                ("Execution Runs", "lookup"),
            ],
            vec![
                (
                    "i-pt1",
                    json!({"Name": "Onboarding - Sprint", "Checklist": "[\"Invite\", \"Kickoff\"]",
                    "Template Type": "Operational", "Workflow": rel(WORKFLOWS, "i-wf1", "Onboarding"), "Status": "Active",
                    "Execution Runs": [rel(EXECUTION_RUNS, "i-er1", "RUN-1")]}),
                ),
                (
                    "i-pt2",
                    json!({"Name": "Onboarding - Retainer", "Template Type": "communication",
                    "Workflow": rel(WORKFLOWS, "i-wf1", "Onboarding"), "Status": "ACTIVE"}),
                ),
            ],
        ),
        t(
            RESOURCE_TEMPLATES,
            "Resource Templates",
            &[
                ("Name", "text"),
                ("resource_template_id", "text"),
                ("Description", "text"),
                ("Template Type", "select"),
                ("Storage URL", "link"),
                ("Version", "text"),
                ("Status", "select"),
            ],
            vec![(
                "i-rt1",
                json!({"Name": "Proposal deck", "Template Type": "Media",
                "Storage URL": link("https://drive.example/deck"), "Status": "Active"}),
            )],
        ),
        t(
            EXECUTION_RUNS,
            "Execution Runs",
            &[
                ("run_id", "text"),
                ("Run Type", "select"),
                ("Task", "lookup"),
                ("Project", "lookup"),
                ("Engagement", "lookup"),
                ("Process Template", "lookup"),
                ("Workflow", "lookup"),
                ("Started At", "dateTime"),
                ("Ended At", "dateTime"),
                ("Actual Hours", "number"),
                ("Outcome Notes", "text"),
                ("Executed By", "person"),
                ("Variance vs Estimate", "percent"),
            ],
            vec![
                (
                    "i-er1",
                    json!({"run_id": "RUN-1", "Run Type": "Process", "Task": rel(TASKS, "i-t1", "Kickoff call"),
                    "Project": rel(PROJECTS, "i-pr1", "Acme Rollout"), "Engagement": rel(ENGAGEMENTS, "i-en1", "Acme Sprint"),
                    "Process Template": rel(PROCESS_TEMPLATES, "i-pt1", "Onboarding - Sprint"), "Workflow": rel(WORKFLOWS, "i-wf1", "Onboarding"),
                    "Started At": "2025-12-01T09:00:00.000+01:00", "Ended At": "2025-12-01T11:30:00.000+01:00",
                    "Actual Hours": 2.5, "Outcome Notes": "Went well — mostly", "Executed By": dana(),
                    "Variance vs Estimate": 0.25}),
                ),
                (
                    "i-er2",
                    json!({"run_id": "RUN-2", "Run Type": "touchpoint", "Task": rel(TASKS, "i-t1", "Kickoff call"),
                    "Process Template": rel(PROCESS_TEMPLATES, "i-pt2", "Onboarding - Retainer"), "Workflow": rel(WORKFLOWS, "i-wf1", "Onboarding"),
                    "Started At": "2025-12-02T15:00:00.000-05:00", "Ended At": "2025-12-02T16:00:00.000-05:00",
                    "Actual Hours": 1, "Executed By": person("Alex Kim", "Alex.Kim@Example.com")}),
                ),
            ],
        ),
        t(
            VENTURES,
            "Ventures",
            &[
                ("Name", "text"),
                ("Description", "text"),
                ("Status", "select"),
                ("Owner", "person"),
                ("Projects", "lookup"),
            ],
            vec![(
                "i-v1",
                json!({"Name": "BestViable Consulting", "Status": "Active", "Owner": dana(),
                "Projects": [rel(PROJECTS, "i-pr1", "Acme Rollout"), rel(PROJECTS, "i-pr2", "Internal Tools")]}),
            )],
        ),
        t(
            PROJECTS,
            "Projects",
            &[
                ("Name", "text"),
                ("Description", "text"),
                ("Owner", "person"),
                ("Client", "lookup"),
                ("Venture", "lookup"),
                ("Process Template", "lookup"),
                ("Status", "select"),
                ("Start Date", "date"),
                ("End Date", "date"),
                ("Tags", "select"),
                ("Tasks", "lookup"),
            ],
            vec![
                (
                    "i-pr1",
                    json!({"Name": "Acme Rollout", "Owner": dana(), "Client": rel(ORGANIZATIONS, "i-o1", "Acme GmbH"),
                    "Venture": rel(VENTURES, "i-v1", "BestViable Consulting"), "Process Template": rel(PROCESS_TEMPLATES, "i-pt1", "Onboarding - Sprint"),
                    "Status": "Active", "Start Date": "2025-11-03T00:00:00.000-08:00", "End Date": "2025-12-19T00:00:00.000-08:00",
                    "Tags": ["client"], "Tasks": [rel(TASKS, "i-t1", "Kickoff call")]}),
                ),
                (
                    "i-pr2",
                    json!({"Name": "Internal Tools", "Status": "on hold", "Venture": rel(VENTURES, "i-v1", "BestViable Consulting")}),
                ),
            ],
        ),
        t(
            TASKS,
            "Tasks",
            &[
                ("Title", "text"),
                ("Description", "text"),
                ("Project", "lookup"),
                ("Engagement", "lookup"),
                ("Assignee", "person"),
                ("Status", "select"),
                ("Priority", "select"),
                ("Due Date", "date"),
                ("Estimated Hours", "number"),
                ("Actual Hours", "duration"),
                ("Scheduled Start Date", "date"),
                ("Scheduled End Date", "date"),
                ("Tags", "select"),
                ("Sprint", "lookup"),
            ],
            vec![
                (
                    "i-t1",
                    json!({"Title": "Kickoff call", "Project": rel(PROJECTS, "i-pr1", "Acme Rollout"),
                    "Engagement": rel(ENGAGEMENTS, "i-en1", "Acme Sprint"), "Assignee": dana(), "Status": "in progress",
                    "Priority": "high", "Due Date": "2025-12-02T00:00:00.000-08:00", "Estimated Hours": 2,
                    "Actual Hours": "2 hrs 30 mins", "Scheduled Start Date": "2025-12-01T00:00:00.000-08:00",
                    "Tags": ["client", "call"]}),
                ),
                (
                    "i-t2",
                    json!({"Title": "Follow up", "Project": rel(PROJECTS, "i-pr1", "Acme Rollout"),
                    "Assignee": person("Sam Lee", "sam@contractor.example"), "Status": "Todo", "Priority": "Medium",
                    "Estimated Hours": 1.5, "Sprint": rel(SPRINTS, "i-s2", "2025-W50")}),
                ),
                (
                    "i-t3",
                    json!({"Title": "Follow up", "Description": "Same name, different task: ✓ 日本語",
                    "Status": "Done", "Priority": "P2", "Estimated Hours": "45 mins", "Actual Hours": "",
                    "Scheduled Start Date": "2025-12-09T00:00:00.000-08:00", "Sprint": rel(SPRINTS, "i-s1", "2025-W49")}),
                ),
            ],
        ),
        t(
            SPRINTS,
            "Sprints",
            &[
                ("Name", "text"),
                ("Start Date", "date"),
                ("End Date", "date"),
                ("Capacity Hours", "number"),
                ("Status", "select"),
                ("Tasks", "lookup"),
                ("Planned Hours", "number"),
            ],
            vec![
                (
                    "i-s1",
                    json!({"Name": "2025-W49", "Start Date": "2025-12-01T00:00:00.000-08:00", "End Date": "2025-12-07T00:00:00.000-08:00",
                    "Capacity Hours": 30, "Status": "Active", "Tasks": [rel(TASKS, "i-t1", "Kickoff call"), rel(TASKS, "i-t3", "Follow up")],
                    "Planned Hours": 2.75}),
                ),
                (
                    "i-s2",
                    json!({"Name": "2025-W50", "Start Date": "2025-12-08T00:00:00.000-08:00", "End Date": "2025-12-14T00:00:00.000-08:00",
                    "Capacity Hours": 32.5, "Status": "planned"}),
                ),
            ],
        ),
        t(
            OFFERS,
            "Offers",
            &[
                ("Name", "text"),
                ("Service Blueprint", "lookup"),
                ("Description", "text"),
                ("Pricing Model", "select"),
                ("Base Price", "currency"),
                ("Status", "select"),
                ("Engagements", "lookup"),
            ],
            vec![
                (
                    "i-of1",
                    json!({"Name": "Sprint Package", "Service Blueprint": rel(BLUEPRINTS, "i-sb1", "Sprint Delivery"),
                    "Pricing Model": "Fixed", "Base Price": money("USD", json!(5000)), "Status": "Active"}),
                ),
                (
                    "i-of2",
                    json!({"Name": "Retainer EU", "Pricing Model": "retainer", "Base Price": money("EUR", json!("2500.50")),
                    "Status": "Active"}),
                ),
            ],
        ),
        t(
            ENGAGEMENTS,
            "Engagements",
            &[
                ("Name", "text"),
                ("Client", "lookup"),
                ("Primary Contact", "lookup"),
                ("Project", "lookup"),
                ("Offer", "lookup"),
                ("Status", "select"),
                ("Start Date", "date"),
                ("End Date", "date"),
                ("Value Estimate", "currency"),
                ("Notes", "text"),
                ("Deliverables", "lookup"),
            ],
            vec![(
                "i-en1",
                json!({"Name": "Acme Sprint", "Client": rel(ORGANIZATIONS, "i-o1", "Acme GmbH"),
                "Primary Contact": rel(PEOPLE, "i-p2", "Alex Kim"), "Project": rel(PROJECTS, "i-pr1", "Acme Rollout"),
                "Offer": rel(OFFERS, "i-of1", "Sprint Package"), "Status": "Active", "Start Date": "2025-11-03T00:00:00.000-08:00",
                "Value Estimate": money("USD", json!(12000)), "Notes": "“Smart quotes”, émojis 🎉",
                "Deliverables": [rel(DELIVERABLES, "i-d1", "Rollout plan")]}),
            )],
        ),
        t(
            DELIVERABLES,
            "Deliverables",
            &[
                ("Name", "text"),
                ("Engagement", "lookup"),
                ("Offer", "lookup"),
                ("Description", "text"),
                ("Due Date", "date"),
                ("Status", "select"),
            ],
            vec![(
                "i-d1",
                json!({"Name": "Rollout plan", "Engagement": rel(ENGAGEMENTS, "i-en1", "Acme Sprint"),
                "Offer": rel(OFFERS, "i-of1", "Sprint Package"), "Due Date": "2025-12-05T00:00:00.000-08:00", "Status": "In review"}),
            )],
        ),
        t(
            RESULTS,
            "Results",
            &[
                ("Name", "text"),
                ("Engagement", "lookup"),
                ("Deliverable", "lookup"),
                ("Outcome Type", "lookup"),
                ("Outcome", "text"),
                ("Impact", "text"),
                ("Metric Name", "text"),
                ("Metric Value", "number"),
                ("Metric Unit", "text"),
                ("Achieved Date", "date"),
            ],
            vec![(
                "i-r1",
                json!({"Name": "Faster onboarding", "Engagement": rel(ENGAGEMENTS, "i-en1", "Acme Sprint"),
                "Deliverable": rel(DELIVERABLES, "i-d1", "Rollout plan"), "Outcome Type": rel(OUTCOME_TYPES, "i-ot1", "Efficiency"),
                "Metric Name": "days saved", "Metric Value": 3.5, "Metric Unit": "days", "Achieved Date": "2025-12-10T00:00:00.000-08:00"}),
            )],
        ),
        t(
            PEOPLE,
            "People",
            &[
                ("Name", "text"),
                ("Email", "email"),
                ("Handle", "text"),
                ("Role", "text"),
                ("Notes", "text"),
                ("Active", "checkbox"),
            ],
            vec![
                (
                    "i-p1",
                    json!({"Name": "Dana Kellam", "Email": "dana@bestviable.com", "Handle": "@dana", "Role": "Founder", "Active": true}),
                ),
                (
                    "i-p2",
                    json!({"Name": "Alex Kim", "Email": "alex.kim@example.com", "Role": "Client lead", "Active": true}),
                ),
                (
                    "i-p3",
                    json!({"Name": "Alex Kim", "Email": "alex.kim@client.example", "Notes": "Ünïcödé — 日本語 ✓", "Active": false}),
                ),
            ],
        ),
        t(
            ORGANIZATIONS,
            "Organizations",
            &[
                ("Name", "text"),
                ("Website", "link"),
                ("Type", "select"),
                ("Notes", "text"),
                ("Active", "checkbox"),
            ],
            vec![
                (
                    "i-o1",
                    json!({"Name": "Acme GmbH", "Website": link("https://acme.example"), "Type": "client", "Active": true}),
                ),
                (
                    "i-o2",
                    json!({"Name": "Globex", "Type": "Vendor", "Active": true}),
                ),
                (
                    "i-o3",
                    json!({"Name": "Initech", "Type": " partner ", "Active": false}),
                ),
            ],
        ),
        t(
            TOUCHPOINTS,
            "Touchpoints",
            &[
                ("Subject", "text"),
                ("Summary", "text"),
                ("Channel", "select"),
                ("Direction", "select"),
                ("Status", "select"),
                ("Date", "dateTime"),
                ("Duration", "number"),
                ("Contact", "lookup"),
                ("Organization", "lookup"),
                ("Owner", "person"),
                ("Engagement", "lookup"),
                ("Deal", "lookup"),
                ("Resource Template", "lookup"),
                ("Execution Run", "lookup"),
                ("Next Step", "text"),
                ("Follow Up On", "date"),
            ],
            vec![(
                "i-tp1",
                json!({"Subject": "Kickoff email", "Channel": "email", "Direction": "Outbound", "Status": "Completed",
                "Date": "2025-12-01T08:00:00.000Z", "Duration": 15, "Contact": rel(PEOPLE, "i-p2", "Alex Kim"),
                "Organization": rel(ORGANIZATIONS, "i-o1", "Acme GmbH"), "Owner": dana(), "Engagement": rel(ENGAGEMENTS, "i-en1", "Acme Sprint"),
                "Deal": rel(DEALS, "i-dl1", "Acme expansion"), "Resource Template": rel(RESOURCE_TEMPLATES, "i-rt1", "Proposal deck"),
                "Execution Run": rel(EXECUTION_RUNS, "i-er2", "RUN-2"), "Follow Up On": "2025-12-08T00:00:00.000-08:00"}),
            )],
        ),
        t(
            ICP_SEGMENTS,
            "ICP Segments",
            &[
                ("Name", "text"),
                ("Description", "text"),
                ("Industry", "text"),
                ("Company Size", "text"),
                ("Pain Points", "text"),
                ("Criteria", "text"),
                ("Status", "select"),
            ],
            vec![(
                "i-seg1",
                json!({"Name": "EU SaaS", "Industry": "Software", "Company Size": "10-50",
                "Criteria": "[{\"criterion\": \"Budget\", \"weight\": 30}]", "Status": "Active"}),
            )],
        ),
        t(
            ICP_SCORING,
            "ICP Scoring",
            &[
                ("Lead", "text"),
                ("Segment", "lookup"),
                ("Organization", "lookup"),
                ("Deal", "lookup"),
                ("Scored By", "person"),
                ("Scored On", "date"),
                ("Score", "number"),
                ("Grade", "select"),
                ("Criteria Scores", "text"),
                ("Notes", "text"),
            ],
            vec![(
                "i-sc1",
                json!({"Lead": "Acme fit", "Segment": rel(ICP_SEGMENTS, "i-seg1", "EU SaaS"),
                "Organization": rel(ORGANIZATIONS, "i-o1", "Acme GmbH"), "Scored By": dana(), "Scored On": "2025-11-20T00:00:00.000-08:00",
                "Score": 82.5, "Grade": "hot", "Criteria Scores": "{\"Budget\": 20}"}),
            )],
        ),
        t(
            DAILY_THREAD,
            "Daily Thread",
            &[
                ("Entry", "text"),
                ("Date", "date"),
                ("Person", "lookup"),
                ("Wins", "text"),
                ("Blockers", "text"),
                ("Energy", "select"),
                ("Tags", "select"),
            ],
            vec![
                (
                    "i-dt1",
                    json!({"Entry": "Shipped the import 🚀", "Date": "2025-12-01T00:00:00.000-08:00",
                    "Person": rel(PEOPLE, "i-p1", "Dana Kellam"), "Wins": "Green tests", "Energy": "high", "Tags": ["focus"]}),
                ),
                (
                    "i-dt2",
                    json!({"Entry": "Quiet day", "Date": "2025-12-02T00:00:00.000-08:00", "Person": rel(PEOPLE, "i-p1", "Dana Kellam")}),
                ),
            ],
        ),
        t(
            DECISION_JOURNAL,
            "Decision Journal",
            &[
                ("Title", "text"),
                ("Decided On", "date"),
                ("Status", "select"),
                ("Context", "text"),
                ("Decision", "text"),
                ("Rationale", "text"),
                ("Review On", "date"),
                ("Decider", "person"),
                ("Venture", "lookup"),
                ("Topic", "lookup"),
            ],
            vec![(
                "i-dj1",
                json!({"Title": "Adopt PostgreSQL", "Decided On": "2025-11-15T00:00:00.000-08:00", "Status": "decided",
                "Decision": "Leave Coda", "Rationale": "One source of truth", "Review On": "2026-03-01T00:00:00.000-08:00",
                "Decider": dana(), "Venture": rel(VENTURES, "i-v1", "BestViable Consulting"), "Topic": rel(TOPICS, "i-top4", "PostgreSQL")}),
            )],
        ),
        t(
            EXPERIMENTS,
            "Experiments",
            &[
                ("Name", "text"),
                ("Hypothesis", "text"),
                ("Status", "select"),
                ("Verdict", "select"),
                ("KPI", "lookup"),
                ("Outcome Type", "lookup"),
                ("Owner", "person"),
                ("Start Date", "date"),
                ("Baseline", "number"),
                ("Target", "number"),
                ("Result", "number"),
                ("Learnings", "text"),
            ],
            vec![(
                "i-ex1",
                json!({"Name": "LinkedIn outreach", "Hypothesis": "Posts bring leads", "Status": "Running",
                "KPI": rel(KPIS, "i-kpi1", "Qualified leads"), "Outcome Type": rel(OUTCOME_TYPES, "i-ot2", "Revenue"),
                "Owner": dana(), "Start Date": "2025-11-01T00:00:00.000-07:00", "Baseline": 2, "Target": 5}),
            )],
        ),
        t(
            PROMPT_LIBRARY,
            "Prompt Library",
            &[
                ("Name", "text"),
                ("Type", "select"),
                ("Prompt", "text"),
                ("Version", "number"),
                ("Variables", "text"),
                ("Purpose", "text"),
                ("Status", "select"),
                ("Topic", "lookup"),
                ("Target Model", "text"),
                ("Tags", "select"),
            ],
            vec![
                (
                    "i-pl1",
                    json!({"Name": "Weekly plan", "Type": "Planner", "Prompt": "Plan the week of {{week}} …",
                    "Version": 1, "Variables": "[\"week\"]", "Status": "Deprecated", "Topic": rel(TOPICS, "i-top3", "Work"),
                    "Target Model": "any", "Tags": ["planning"]}),
                ),
                (
                    "i-pl2",
                    json!({"Name": "Weekly plan", "Type": "planner", "Prompt": "Plan the week of {{week}}, v2",
                    "Version": 2, "Variables": "[\"week\", \"capacity\"]", "Status": "Active"}),
                ),
            ],
        ),
        t(
            NOTEBOOK,
            "Notebook",
            &[
                ("Title", "text"),
                ("Content", "text"),
                ("Type", "select"),
                ("Topic", "lookup"),
                ("Author", "person"),
                ("Source URL", "link"),
                ("Tags", "select"),
                ("Related Ideas", "lookup"),
            ],
            vec![(
                "i-nb1",
                json!({"Title": "Meeting notes — Acme", "Content": "```Bold **move**```", "Type": "meeting notes",
                "Topic": rel(TOPICS, "i-top2", "Client work"), "Author": person("Alex Kim", "alex.kim@example.com"),
                "Related Ideas": [rel(IDEAS_INBOX, "i-idea1", "Automate invoices"), rel(IDEAS_INBOX, "i-deleted9", "Deleted idea")]}),
            )],
        ),
        t(
            EXPENSES,
            "Expenses",
            &[
                ("Expense", "text"),
                ("Category", "select"),
                ("Status", "select"),
                ("Date", "date"),
                ("Amount", "currency"),
                ("Billable", "checkbox"),
                ("Vendor", "lookup"),
                ("Person", "person"),
                ("Project", "lookup"),
                ("Rebilled Invoice", "lookup"),
                ("Receipt", "link"),
                ("Notes", "text"),
            ],
            vec![
                (
                    "i-ex1",
                    json!({"Expense": "Figma", "Category": "Software", "Status": "Approved", "Date": "2025-11-05T00:00:00.000-08:00",
                    "Amount": money("USD", json!(45)), "Billable": false, "Vendor": rel(ORGANIZATIONS, "i-o2", "Globex"), "Person": dana()}),
                ),
                (
                    "i-ex2",
                    json!({"Expense": "Train to Acme", "Category": "travel", "Date": "2025-12-02T00:00:00.000+01:00",
                    "Amount": money("EUR", json!(120.4)), "Billable": true, "Project": rel(PROJECTS, "i-pr1", "Acme Rollout"),
                    "Rebilled Invoice": rel(INVOICES, "i-inv2", "INV-002"), "Receipt": link("https://files.example/r.pdf")}),
                ),
            ],
        ),
        t(
            INVOICES,
            "Invoices",
            &[
                ("Invoice", "text"),
                ("Client", "lookup"),
                ("Engagement", "lookup"),
                ("Project", "lookup"),
                ("Status", "select"),
                ("Issue Date", "date"),
                ("Due Date", "date"),
                ("Subtotal", "currency"),
                ("Tax", "currency"),
                ("Total", "currency"),
                ("Balance", "currency"),
                ("Notes", "text"),
            ],
            vec![
                (
                    "i-inv1",
                    json!({"Invoice": "INV-001", "Client": rel(ORGANIZATIONS, "i-o1", "Acme GmbH"),
                    "Engagement": rel(ENGAGEMENTS, "i-en1", "Acme Sprint"), "Project": rel(PROJECTS, "i-pr1", "Acme Rollout"),
                    "Status": "Sent", "Issue Date": "2025-11-03T00:00:00.000-08:00", "Due Date": "2025-12-03T00:00:00.000-08:00",
                    "Subtotal": money("USD", json!(10000)), "Tax": money("USD", json!(1900)), "Total": money("USD", json!(11900)),
                    "Balance": money("USD", json!(6900))}),
                ),
                (
                    "i-inv2",
                    json!({"Invoice": "INV-002", "Client": rel(ORGANIZATIONS, "i-o1", "Acme GmbH"), "Status": "paid",
                    "Issue Date": "2025-12-01T00:00:00.000+01:00", "Subtotal": money("EUR", json!(2000)), "Tax": money("EUR", json!(380)),
                    "Total": money("EUR", json!(2380))}),
                ),
            ],
        ),
        t(
            PAYMENTS,
            "Payments",
            &[
                ("Payment", "text"),
                ("Reference", "text"),
                ("Direction", "select"),
                ("Status", "select"),
                ("Method", "select"),
                ("Amount", "currency"),
                ("Paid On", "date"),
                ("Invoice", "lookup"),
                ("Expense", "lookup"),
                ("Organization", "lookup"),
                ("Notes", "text"),
            ],
            vec![
                (
                    "i-pay1",
                    json!({"Payment": "Acme #1", "Reference": "TRX-1", "Direction": "Incoming", "Status": "Completed",
                    "Method": "bank transfer", "Amount": money("USD", json!(5000)), "Paid On": "2025-11-20T00:00:00.000-08:00",
                    "Invoice": rel(INVOICES, "i-inv1", "INV-001"), "Organization": rel(ORGANIZATIONS, "i-o1", "Acme GmbH")}),
                ),
                (
                    "i-pay2",
                    json!({"Payment": "Figma card", "Direction": "Outgoing", "Status": "Completed", "Method": "Card",
                    "Amount": money("USD", json!(45)), "Paid On": "2025-11-05T00:00:00.000-08:00", "Expense": rel(EXPENSES, "i-ex1", "Figma")}),
                ),
            ],
        ),
        t(
            KPIS,
            "KPIs",
            &[
                ("Name", "text"),
                ("Description", "text"),
                ("Functional Area", "lookup"),
                ("OKR", "lookup"),
                ("Venture", "lookup"),
                ("Owner", "person"),
                ("Unit", "text"),
                ("Target", "number"),
                ("Target Direction", "select"),
                ("Frequency", "select"),
                ("Status", "select"),
                ("Current Value", "number"),
            ],
            vec![(
                "i-kpi1",
                json!({"Name": "Qualified leads", "Functional Area": rel(FUNCTIONAL_AREAS, "i-fa3", "Sales"),
                "OKR": rel(OKRS, "i-okr1", "Grow revenue"), "Venture": rel(VENTURES, "i-v1", "BestViable Consulting"), "Owner": dana(),
                "Unit": "leads", "Target": 20, "Target Direction": "Increase", "Frequency": "monthly", "Status": "Active", "Current Value": 7}),
            )],
        ),
        t(
            FINANCE_SNAPSHOT,
            "Finance Snapshot",
            &[
                ("Month", "date"),
                ("Currency", "text"),
                ("Invoiced", "currency"),
                ("Cash In", "currency"),
                ("Cash Out", "currency"),
                ("Expenses", "currency"),
                ("Open Receivables", "currency"),
                ("Net", "currency"),
            ],
            vec![
                // Coda's Net formula forgot the card payment: the report lists the difference.
                (
                    "i-fs1",
                    json!({"Month": "2025-11-01T00:00:00.000-08:00", "Currency": "USD", "Invoiced": money("USD", json!(11900)),
                    "Cash In": money("USD", json!(5000)), "Cash Out": money("USD", json!(45)), "Expenses": money("USD", json!(45)),
                    "Open Receivables": money("USD", json!(6900)), "Net": money("USD", json!(5000))}),
                ),
                (
                    "i-fs2",
                    json!({"Month": "2025-12-01T00:00:00.000-08:00", "Currency": "EUR", "Invoiced": money("EUR", json!(2380)),
                    "Cash In": money("EUR", json!(0)), "Cash Out": money("EUR", json!(0)), "Expenses": money("EUR", json!(120.4)),
                    "Open Receivables": money("EUR", json!(2380)), "Net": money("EUR", json!(0))}),
                ),
            ],
        ),
        t(
            DEALS,
            "Deals",
            &[
                ("Name", "text"),
                ("Organization", "lookup"),
                ("Contact", "lookup"),
                ("Owner", "person"),
                ("Offer", "lookup"),
                ("ICP Segment", "lookup"),
                ("Engagement", "lookup"),
                ("Stage", "select"),
                ("Source", "select"),
                ("Amount", "currency"),
                ("Probability", "number"),
                ("Expected Close", "date"),
                ("Lost Reason", "text"),
                ("Touchpoints", "lookup"),
            ],
            vec![
                (
                    "i-dl1",
                    json!({"Name": "Acme expansion", "Organization": rel(ORGANIZATIONS, "i-o1", "Acme GmbH"),
                    "Contact": rel(PEOPLE, "i-p2", "Alex Kim"), "Owner": dana(), "Offer": rel(OFFERS, "i-of2", "Retainer EU"),
                    "ICP Segment": rel(ICP_SEGMENTS, "i-seg1", "EU SaaS"), "Stage": "proposal", "Source": "Referral",
                    "Amount": money("EUR", json!(8000)), "Probability": 40, "Expected Close": "2026-01-15T00:00:00.000+01:00",
                    "Touchpoints": [rel(TOUCHPOINTS, "i-tp1", "Kickoff email")]}),
                ),
                (
                    "i-dl2",
                    json!({"Name": "Acme sprint", "Organization": rel(ORGANIZATIONS, "i-o1", "Acme GmbH"), "Stage": "Won",
                    "Engagement": rel(ENGAGEMENTS, "i-en1", "Acme Sprint"), "Amount": money("USD", json!(12000)), "Probability": 100}),
                ),
            ],
        ),
        t(
            OUTCOME_TYPES,
            "Outcome Types",
            &[
                ("Name", "text"),
                ("Description", "text"),
                ("Active", "checkbox"),
            ],
            vec![
                ("i-ot1", json!({"Name": "Efficiency", "Active": true})),
                (
                    "i-ot2",
                    json!({"Name": "Revenue", "Description": "€ and $"}),
                ),
            ],
        ),
        t(
            OKRS,
            "OKRs",
            &[
                ("Objective", "text"),
                ("Key Results", "text"),
                ("Owner", "person"),
                ("Venture", "lookup"),
                ("Time Horizon Start", "date"),
                ("Time Horizon End", "date"),
                ("Status", "select"),
            ],
            vec![(
                "i-okr1",
                json!({"Objective": "Grow revenue", "Key Results": "- 20 qualified leads\n- 3 new clients", "Owner": dana(),
                "Venture": rel(VENTURES, "i-v1", "BestViable Consulting"), "Time Horizon Start": "2025-10-01T00:00:00.000-07:00",
                "Time Horizon End": "2025-12-31T00:00:00.000-08:00", "Status": "active"}),
            )],
        ),
        // Self-references, forward ones included: Delivery and Sales name parents listed after them.
        t(
            FUNCTIONAL_AREAS,
            "Functional Areas",
            &[
                ("Name", "text"),
                ("Parent", "lookup"),
                ("Description", "text"),
                ("Owner", "person"),
                ("Active", "checkbox"),
            ],
            vec![
                (
                    "i-fa2",
                    json!({"Name": "Delivery", "Parent": rel(FUNCTIONAL_AREAS, "i-fa1", "Operations")}),
                ),
                (
                    "i-fa1",
                    json!({"Name": "Operations", "Owner": dana(), "Active": true}),
                ),
                (
                    "i-fa3",
                    json!({"Name": "Sales", "Parent": rel(FUNCTIONAL_AREAS, "i-fa4", "Commercial")}),
                ),
                ("i-fa4", json!({"Name": "Commercial"})),
            ],
        ),
        t(
            TOPICS,
            "Topics",
            &[
                ("Name", "text"),
                ("Parent", "lookup"),
                ("Description", "text"),
            ],
            vec![
                ("i-top1", json!({"Name": "Databases"})),
                (
                    "i-top2",
                    json!({"Name": "Client work", "Parent": rel(TOPICS, "i-top3", "Work")}),
                ),
                ("i-top3", json!({"Name": "Work"})),
                (
                    "i-top4",
                    json!({"Name": "PostgreSQL", "Parent": rel(TOPICS, "i-top1", "Databases"), "Description": "Ελληνικά, русский"}),
                ),
            ],
        ),
        t(
            ASSETS,
            "Assets",
            &[
                ("Name", "text"),
                ("Description", "text"),
                ("Type", "select"),
                ("Status", "select"),
                ("Storage URL", "link"),
                ("Version", "text"),
                ("Topic", "lookup"),
                ("Owner", "person"),
                ("Tags", "select"),
            ],
            vec![(
                "i-as1",
                json!({"Name": "Brand kit", "Type": "media", "Status": "Active", "Storage URL": link("https://drive.example/brand"),
                "Topic": rel(TOPICS, "i-top2", "Client work"), "Owner": dana(), "Tags": ["brand", "design"]}),
            )],
        ),
        t(
            IDEAS_INBOX,
            "Ideas Inbox",
            &[
                ("Idea", "text"),
                ("Description", "text"),
                ("Status", "select"),
                ("Impact", "select"),
                ("Effort", "select"),
                ("Source", "text"),
                ("Captured At", "dateTime"),
                ("Topic", "lookup"),
                ("Submitted By", "person"),
                ("Venture", "lookup"),
                ("Tags", "select"),
            ],
            vec![(
                "i-idea1",
                json!({"Idea": "Automate invoices", "Status": "New", "Impact": "High", "Effort": "low",
                "Captured At": "2025-11-30T22:15:00.000+09:00", "Topic": rel(TOPICS, "i-top1", "Databases"),
                "Submitted By": person("Alex Kim", "alex.kim@example.com"), "Venture": rel(VENTURES, "i-v1", "BestViable Consulting"),
                "Tags": []}),
            )],
        ),
        t(
            TEMPLATE_PERFORMANCE,
            "Template Performance",
            &[
                ("Template", "text"),
                ("Process Template", "lookup"),
                ("Resource Template", "lookup"),
                ("Uses", "number"),
                ("Avg Actual Hours", "number"),
                ("Variance %", "number"),
                ("Completed %", "number"),
            ],
            vec![
                (
                    "i-tpf1",
                    json!({"Template": "Onboarding - Sprint", "Process Template": rel(PROCESS_TEMPLATES, "i-pt1", "Onboarding - Sprint"),
                    "Uses": 1, "Avg Actual Hours": 2.5, "Variance %": -37.5, "Completed %": 100}),
                ),
                (
                    "i-tpf2",
                    json!({"Template": "Onboarding - Retainer", "Process Template": rel(PROCESS_TEMPLATES, "i-pt2", "Onboarding - Retainer"),
                    "Uses": 1, "Avg Actual Hours": 1, "Variance %": -75, "Completed %": 100}),
                ),
                (
                    "i-tpf3",
                    json!({"Template": "Proposal deck", "Resource Template": rel(RESOURCE_TEMPLATES, "i-rt1", "Proposal deck"), "Uses": 1}),
                ),
            ],
        ),
    ]
}

/// The fixture as a pulled doc (what a pull of the mock yields).
pub fn doc() -> erp_coda::PulledDoc {
    doc_of(&tables())
}

/// Any fixture tables as a pulled doc.
pub fn doc_of(tables: &[Table]) -> erp_coda::PulledDoc {
    let base = "http://mock";
    erp_coda::PulledDoc {
        doc_id: DOC.to_owned(),
        tables: tables
            .iter()
            .map(|t| erp_coda::PulledTable {
                table: serde_json::from_value(t.api_table(base)).expect("table"),
                columns: t
                    .api_columns(base)
                    .into_iter()
                    .map(|c| serde_json::from_value(c).expect("column"))
                    .collect(),
                rows: t
                    .api_rows(base)
                    .into_iter()
                    .map(|r| serde_json::from_value(r).expect("row"))
                    .collect(),
            })
            .collect(),
    }
}

/// Sets one cell of one row.
pub fn set_cell(tables: &mut [Table], table: &str, row: &str, column: &str, value: Value) {
    let t = tables
        .iter_mut()
        .find(|t| t.id == table)
        .expect("fixture table");
    let r = t
        .rows
        .iter_mut()
        .find(|(id, _)| id == row)
        .expect("fixture row");
    r.1[column] = value;
}
