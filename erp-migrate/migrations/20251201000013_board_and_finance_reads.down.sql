-- Back to 0006's finance views and 0001's start-date index; the views' comments stay
-- (CREATE OR REPLACE keeps them).
CREATE OR REPLACE VIEW erp.deal_pipeline AS
SELECT d.stage,
       array_position(ARRAY['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'], d.stage) AS stage_order,
       d.currency,
       count(*)                                                                      AS deals_count,
       round(coalesce(sum(d.amount), 0), 2)                                          AS total_amount,
       round(coalesce(sum(d.amount * d.probability / 100), 0), 2)                    AS weighted_amount,
       round(avg(d.probability), 2)                                                  AS avg_probability
FROM erp.deals d
GROUP BY d.stage, d.currency;

DROP TRIGGER deals_stage_stats_insert ON erp.deals;
DROP TRIGGER deals_stage_stats_update ON erp.deals;
DROP TRIGGER deals_stage_stats_delete ON erp.deals;
DROP TRIGGER deals_stage_stats_truncate ON erp.deals;
DROP FUNCTION erp_derived.deal_stage_stats_apply();
DROP FUNCTION erp_derived.rebuild_deal_stage_stats();
DROP TABLE erp_derived.deal_stage_stats;

CREATE OR REPLACE VIEW erp.finance_snapshot AS
WITH movements AS (
    -- Each table is summed per month and currency first (a few hundred groups, hashed in memory), then
    -- the three are added up.
    SELECT date_trunc('month', i.issue_date::timestamp)::date AS month, i.currency,
           sum(i.total_amount) AS invoiced, 0 AS cash_in, 0 AS cash_out, 0 AS expenses,
           sum(i.total_amount) AS receivable_change
    FROM erp.invoices i
    WHERE i.status NOT IN ('Draft', 'Cancelled')
    GROUP BY 1, 2
    UNION ALL
    SELECT date_trunc('month', p.paid_on::timestamp)::date, p.currency,
           0,
           sum(p.amount) FILTER (WHERE p.direction = 'Incoming'),
           sum(p.amount) FILTER (WHERE p.direction = 'Outgoing'),
           0,
           -- What was paid against (or refunded on) a counted invoice leaves (or re-enters) receivables.
           sum(CASE WHEN p.direction = 'Incoming' THEN -p.amount ELSE p.amount END)
               FILTER (WHERE i.status NOT IN ('Draft', 'Cancelled'))
    FROM erp.payments p
    LEFT JOIN erp.invoices i ON i.id = p.invoice_id
    WHERE p.status = 'Completed'
    GROUP BY 1, 2
    UNION ALL
    SELECT date_trunc('month', e.expense_date::timestamp)::date, e.currency, 0, 0, 0, sum(e.amount), 0
    FROM erp.expenses e
    WHERE e.status <> 'Rejected'
    GROUP BY 1, 2
), monthly AS (
    SELECT month, currency,
           coalesce(sum(invoiced), 0) AS invoiced, coalesce(sum(cash_in), 0) AS cash_in,
           coalesce(sum(cash_out), 0) AS cash_out, coalesce(sum(expenses), 0) AS expenses,
           coalesce(sum(receivable_change), 0) AS receivable_change
    FROM movements
    GROUP BY month, currency
)
SELECT month,
       currency,
       round(invoiced, 2)                                                              AS invoiced,
       round(cash_in, 2)                                                               AS cash_in,
       round(cash_out, 2)                                                              AS cash_out,
       round(expenses, 2)                                                              AS expenses,
       round(sum(receivable_change) OVER (PARTITION BY currency ORDER BY month), 2)    AS open_receivables,
       round(cash_in - cash_out, 2)                                                    AS net
FROM monthly;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['invoices', 'payments', 'expenses'] LOOP
        EXECUTE format('DROP TRIGGER %1$s_finance_stats_insert ON erp.%1$s', t);
        EXECUTE format('DROP TRIGGER %1$s_finance_stats_update ON erp.%1$s', t);
        EXECUTE format('DROP TRIGGER %1$s_finance_stats_delete ON erp.%1$s', t);
        EXECUTE format('DROP TRIGGER %1$s_finance_stats_truncate ON erp.%1$s', t);
    END LOOP;
END;
$$;
DROP FUNCTION erp_derived.finance_month_stats_apply();
DROP FUNCTION erp_derived.finance_month_stats_add(INT, DATE[], TEXT[], BIGINT[], NUMERIC[], NUMERIC[], NUMERIC[],
                                                  NUMERIC[], NUMERIC[]);
DROP FUNCTION erp_derived.rebuild_finance_month_stats();
DROP TABLE erp_derived.finance_month_stats;

DROP INDEX erp.tasks_scheduled_start_date_idx;
CREATE INDEX tasks_scheduled_start_date_idx ON erp.tasks (scheduled_start_date, id);
