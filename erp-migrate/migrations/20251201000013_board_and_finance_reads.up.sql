-- Reads that must stay fast at a million tasks and a hundred thousand invoices (issue 14): the sprint board
-- from an index alone, and the finance snapshot and deal pipeline read from counters kept by triggers, as 0005
-- did for workflow performance.

-- 1. The sprint board's columns in its index, so one week is read by an index-only scan instead of one heap
-- page per task (the tasks of a week are spread over the whole heap). Same name and key as before, so the
-- bounded range scans that used it keep using it.
DROP INDEX erp.tasks_scheduled_start_date_idx;
CREATE INDEX tasks_scheduled_start_date_idx ON erp.tasks (scheduled_start_date, id)
    INCLUDE (title, status, priority, project_id, assignee_id, scheduled_end_date, estimated_hours);

-- 2. erp.sprint_tasks is unchanged. Adding the ISO-week equality implied by the sprints' checks beside its
-- range join made the view plan well when read straight from SQL (`WHERE sprint_id = $1 ORDER BY
-- scheduled_start_date LIMIT 50`: 2 ms instead of 1.4 s at 1 M tasks), but the SDK's bounded query, which
-- restricts the same range once more, was then estimated at 2 rows instead of 556 and sorted the whole week
-- for its first page (14 ms instead of a walk of 51 index entries); see BENCHMARKS.md (3).

-- 3. Finance snapshot counters: per calendar month and currency, what each of invoices, payments and
-- expenses adds, kept by statement-level triggers (transition tables, as 0005), so erp.finance_snapshot reads
-- a few hundred rows instead of aggregating every invoice, payment and expense (168 ms at 100 k invoices).
CREATE TABLE erp_derived.finance_month_stats (
    month             DATE NOT NULL,
    currency          TEXT NOT NULL,
    -- Rows that give the month a snapshot row: counted invoices, completed payments, expenses not rejected.
    movements_count   BIGINT NOT NULL DEFAULT 0,
    invoiced          NUMERIC NOT NULL DEFAULT 0,
    cash_in           NUMERIC NOT NULL DEFAULT 0,
    cash_out          NUMERIC NOT NULL DEFAULT 0,
    expenses          NUMERIC NOT NULL DEFAULT 0,
    receivable_change NUMERIC NOT NULL DEFAULT 0,
    CONSTRAINT finance_month_stats_pkey PRIMARY KEY (month, currency)
);

COMMENT ON TABLE erp_derived.finance_month_stats IS
    'Per-month and currency finance counters kept by triggers on erp.invoices, erp.payments and erp.expenses; read through erp.finance_snapshot.';
COMMENT ON COLUMN erp_derived.finance_month_stats.month IS 'First day of the calendar month.';
COMMENT ON COLUMN erp_derived.finance_month_stats.currency IS 'ISO 4217 currency code of the movements counted.';
COMMENT ON COLUMN erp_derived.finance_month_stats.movements_count IS 'Invoices not Draft or Cancelled, completed payments and expenses not Rejected of the month; the snapshot shows months where it is above 0.';
COMMENT ON COLUMN erp_derived.finance_month_stats.invoiced IS 'Sum of total_amount of the month''s invoices not Draft or Cancelled, by issue_date.';
COMMENT ON COLUMN erp_derived.finance_month_stats.cash_in IS 'Sum of the month''s completed incoming payments, by paid_on.';
COMMENT ON COLUMN erp_derived.finance_month_stats.cash_out IS 'Sum of the month''s completed outgoing payments, by paid_on.';
COMMENT ON COLUMN erp_derived.finance_month_stats.expenses IS 'Sum of the month''s expenses not Rejected, by expense_date.';
COMMENT ON COLUMN erp_derived.finance_month_stats.receivable_change IS 'What the month adds to open receivables: counted invoices, less completed payments against them, plus refunds on them.';

-- Recounts every counter from the tables: the initial fill, after a TRUNCATE, and by hand.
CREATE FUNCTION erp_derived.rebuild_finance_month_stats() RETURNS BIGINT
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    n BIGINT;
BEGIN
    DELETE FROM erp_derived.finance_month_stats;
    INSERT INTO erp_derived.finance_month_stats AS s
        (month, currency, movements_count, invoiced, cash_in, cash_out, expenses, receivable_change)
    SELECT m.month, m.currency, sum(m.movements_count), sum(m.invoiced), sum(m.cash_in), sum(m.cash_out),
           sum(m.expenses), sum(m.receivable_change)
    FROM (
        SELECT date_trunc('month', i.issue_date::timestamp)::date AS month, i.currency, count(*) AS movements_count,
               sum(i.total_amount) AS invoiced, 0 AS cash_in, 0 AS cash_out, 0 AS expenses,
               sum(i.total_amount) AS receivable_change
        FROM erp.invoices i
        WHERE i.status NOT IN ('Draft', 'Cancelled')
        GROUP BY 1, 2
        UNION ALL
        SELECT date_trunc('month', p.paid_on::timestamp)::date, p.currency, count(*),
               0,
               coalesce(sum(p.amount) FILTER (WHERE p.direction = 'Incoming'), 0),
               coalesce(sum(p.amount) FILTER (WHERE p.direction = 'Outgoing'), 0),
               0,
               coalesce(sum(CASE WHEN p.direction = 'Incoming' THEN -p.amount ELSE p.amount END)
                   FILTER (WHERE i.status NOT IN ('Draft', 'Cancelled')), 0)
        FROM erp.payments p
        LEFT JOIN erp.invoices i ON i.id = p.invoice_id
        WHERE p.status = 'Completed'
        GROUP BY 1, 2
        UNION ALL
        SELECT date_trunc('month', e.expense_date::timestamp)::date, e.currency, count(*), 0, 0, 0, sum(e.amount), 0
        FROM erp.expenses e
        WHERE e.status <> 'Rejected'
        GROUP BY 1, 2
    ) m
    GROUP BY m.month, m.currency;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END;
$$;

-- Adds (p_sign = 1) or takes away (-1) movements; a month whose movements are all gone loses its row.
CREATE FUNCTION erp_derived.finance_month_stats_add(p_sign INT, p_month DATE[], p_currency TEXT[],
                                                    p_count BIGINT[], p_invoiced NUMERIC[], p_cash_in NUMERIC[],
                                                    p_cash_out NUMERIC[], p_expenses NUMERIC[],
                                                    p_receivable NUMERIC[])
RETURNS void
LANGUAGE sql SET search_path = pg_catalog AS $$
    INSERT INTO erp_derived.finance_month_stats AS s
        (month, currency, movements_count, invoiced, cash_in, cash_out, expenses, receivable_change)
    SELECT d.month, d.currency, sum(d.n) * p_sign, sum(d.inv) * p_sign, sum(d.cin) * p_sign, sum(d.cout) * p_sign,
           sum(d.exp) * p_sign, sum(d.rec) * p_sign
    FROM unnest(p_month, p_currency, p_count, p_invoiced, p_cash_in, p_cash_out, p_expenses, p_receivable)
         AS d(month, currency, n, inv, cin, cout, exp, rec)
    GROUP BY d.month, d.currency
    ORDER BY d.month, d.currency
    ON CONFLICT (month, currency) DO UPDATE
    SET movements_count = s.movements_count + EXCLUDED.movements_count,
        invoiced = s.invoiced + EXCLUDED.invoiced,
        cash_in = s.cash_in + EXCLUDED.cash_in,
        cash_out = s.cash_out + EXCLUDED.cash_out,
        expenses = s.expenses + EXCLUDED.expenses,
        receivable_change = s.receivable_change + EXCLUDED.receivable_change;
    DELETE FROM erp_derived.finance_month_stats s
    WHERE s.movements_count = 0 AND (s.month, s.currency) IN (SELECT * FROM unnest(p_month, p_currency));
$$;

-- SECURITY DEFINER: a role allowed to write invoices, payments or expenses keeps the counters current
-- without owning them. It refuses to run for any other table, so it cannot be attached elsewhere to forge
-- counters.
CREATE FUNCTION erp_derived.finance_month_stats_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    side TEXT;
    sign INT;
BEGIN
    IF TG_TABLE_SCHEMA <> 'erp' OR TG_TABLE_NAME NOT IN ('invoices', 'payments', 'expenses')
       OR TG_LEVEL <> 'STATEMENT' OR TG_WHEN <> 'AFTER' THEN
        RAISE EXCEPTION 'erp_derived.finance_month_stats_apply() keeps the counters of erp.invoices, erp.payments and erp.expenses only'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM erp_derived.rebuild_finance_month_stats();
        RETURN NULL;
    END IF;
    FOREACH side IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new'] WHEN 'DELETE' THEN ARRAY['old']
                                     ELSE ARRAY['old', 'new'] END LOOP
        sign := CASE side WHEN 'old' THEN -1 ELSE 1 END;
        IF TG_TABLE_NAME = 'payments' THEN
            -- Lock the invoices paid against, so that a concurrent change of their status (which moves
            -- their payments in or out of receivables) waits for this statement or is seen by it.
            EXECUTE format('SELECT 1 FROM erp.invoices i WHERE i.id IN (SELECT invoice_id FROM %I) FOR SHARE',
                           side || '_rows');
        END IF;
        -- The transition table of this side, by name: an INSERT has no old_rows, a DELETE no new_rows.
        EXECUTE format(CASE TG_TABLE_NAME
            WHEN 'invoices' THEN
                $q$SELECT erp_derived.finance_month_stats_add($1, array_agg(month), array_agg(currency),
                        array_agg(n), array_agg(total), array_agg(0::numeric), array_agg(0::numeric),
                        array_agg(0::numeric), array_agg(total))
                   FROM (SELECT date_trunc('month', r.issue_date::timestamp)::date AS month, r.currency,
                                count(*) AS n, sum(r.total_amount) AS total
                         FROM %I r
                         WHERE r.status NOT IN ('Draft', 'Cancelled')
                         GROUP BY 1, 2) g
                   HAVING count(*) > 0$q$
            WHEN 'payments' THEN
                $q$SELECT erp_derived.finance_month_stats_add($1, array_agg(month), array_agg(currency),
                        array_agg(n), array_agg(0::numeric), array_agg(cin), array_agg(cout),
                        array_agg(0::numeric), array_agg(rec))
                   FROM (SELECT date_trunc('month', r.paid_on::timestamp)::date AS month, r.currency,
                                count(*) AS n,
                                coalesce(sum(r.amount) FILTER (WHERE r.direction = 'Incoming'), 0) AS cin,
                                coalesce(sum(r.amount) FILTER (WHERE r.direction = 'Outgoing'), 0) AS cout,
                                coalesce(sum(CASE WHEN r.direction = 'Incoming' THEN -r.amount ELSE r.amount END)
                                    FILTER (WHERE i.status NOT IN ('Draft', 'Cancelled')), 0) AS rec
                         FROM %I r
                         LEFT JOIN erp.invoices i ON i.id = r.invoice_id
                         WHERE r.status = 'Completed'
                         GROUP BY 1, 2) g
                   HAVING count(*) > 0$q$
            ELSE
                $q$SELECT erp_derived.finance_month_stats_add($1, array_agg(month), array_agg(currency),
                        array_agg(n), array_agg(0::numeric), array_agg(0::numeric), array_agg(0::numeric),
                        array_agg(total), array_agg(0::numeric))
                   FROM (SELECT date_trunc('month', r.expense_date::timestamp)::date AS month, r.currency,
                                count(*) AS n, sum(r.amount) AS total
                         FROM %I r
                         WHERE r.status <> 'Rejected'
                         GROUP BY 1, 2) g
                   HAVING count(*) > 0$q$
            END, side || '_rows') USING sign;
    END LOOP;
    -- An invoice that enters or leaves the counted statuses takes its completed payments with it into or
    -- out of receivables (payments keep their invoice's id and currency: the key is RESTRICT).
    IF TG_TABLE_NAME = 'invoices' AND TG_OP = 'UPDATE' THEN
        PERFORM erp_derived.finance_month_stats_add(1, array_agg(month), array_agg(currency),
                    array_agg(0::bigint), array_agg(0::numeric), array_agg(0::numeric), array_agg(0::numeric),
                    array_agg(0::numeric), array_agg(rec))
        FROM (SELECT date_trunc('month', p.paid_on::timestamp)::date AS month, p.currency,
                     sum(CASE WHEN p.direction = 'Incoming' THEN -p.amount ELSE p.amount END
                         * CASE WHEN n.status NOT IN ('Draft', 'Cancelled') THEN 1 ELSE -1 END) AS rec
              FROM old_rows o
              JOIN new_rows n ON n.id = o.id
              JOIN erp.payments p ON p.invoice_id = n.id
              WHERE (o.status NOT IN ('Draft', 'Cancelled')) <> (n.status NOT IN ('Draft', 'Cancelled'))
                AND p.status = 'Completed'
              GROUP BY 1, 2) g
        HAVING count(*) > 0;
    END IF;
    RETURN NULL;
END;
$$;

-- Transition tables allow one event per trigger, hence three per table (plus TRUNCATE).
DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['invoices', 'payments', 'expenses'] LOOP
        EXECUTE format('CREATE TRIGGER %1$s_finance_stats_insert AFTER INSERT ON erp.%1$s
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION erp_derived.finance_month_stats_apply()', t);
        EXECUTE format('CREATE TRIGGER %1$s_finance_stats_update AFTER UPDATE ON erp.%1$s
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
            EXECUTE FUNCTION erp_derived.finance_month_stats_apply()', t);
        EXECUTE format('CREATE TRIGGER %1$s_finance_stats_delete AFTER DELETE ON erp.%1$s
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION erp_derived.finance_month_stats_apply()', t);
        EXECUTE format('CREATE TRIGGER %1$s_finance_stats_truncate AFTER TRUNCATE ON erp.%1$s
            FOR EACH STATEMENT EXECUTE FUNCTION erp_derived.finance_month_stats_apply()', t);
    END LOOP;
END;
$$;

SELECT erp_derived.rebuild_finance_month_stats();

-- Same columns, rows and meaning as 0006's view; open_receivables is still the running total over every
-- earlier month, now over the counters.
CREATE OR REPLACE VIEW erp.finance_snapshot AS
SELECT month,
       currency,
       round(invoiced, 2)                                                              AS invoiced,
       round(cash_in, 2)                                                               AS cash_in,
       round(cash_out, 2)                                                              AS cash_out,
       round(expenses, 2)                                                              AS expenses,
       round(sum(receivable_change) OVER (PARTITION BY currency ORDER BY month), 2)    AS open_receivables,
       round(cash_in - cash_out, 2)                                                    AS net
FROM erp_derived.finance_month_stats
WHERE movements_count > 0;

-- 4. Deal pipeline counters: per stage and currency, kept the same way, so erp.deal_pipeline reads a dozen
-- rows instead of every deal (41 ms at 100 k deals).
CREATE TABLE erp_derived.deal_stage_stats (
    stage             TEXT NOT NULL,
    currency          TEXT NOT NULL,
    deals_count       BIGINT NOT NULL DEFAULT 0,
    amount_sum        NUMERIC NOT NULL DEFAULT 0,
    weighted_sum      NUMERIC NOT NULL DEFAULT 0,
    probability_sum   NUMERIC NOT NULL DEFAULT 0,
    probability_count BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT deal_stage_stats_pkey PRIMARY KEY (stage, currency)
);

COMMENT ON TABLE erp_derived.deal_stage_stats IS
    'Per deal stage and currency counters kept by triggers on erp.deals; read through erp.deal_pipeline.';
COMMENT ON COLUMN erp_derived.deal_stage_stats.stage IS 'The deals'' stage.';
COMMENT ON COLUMN erp_derived.deal_stage_stats.currency IS 'ISO 4217 currency code of the deals.';
COMMENT ON COLUMN erp_derived.deal_stage_stats.deals_count IS 'Deals in the stage and currency; the pipeline shows groups where it is above 0.';
COMMENT ON COLUMN erp_derived.deal_stage_stats.amount_sum IS 'Sum of the deals'' amounts (deals without one add nothing).';
COMMENT ON COLUMN erp_derived.deal_stage_stats.weighted_sum IS 'Sum of amount * probability / 100 over the deals with both.';
COMMENT ON COLUMN erp_derived.deal_stage_stats.probability_sum IS 'Sum of the deals'' probabilities, for their average.';
COMMENT ON COLUMN erp_derived.deal_stage_stats.probability_count IS 'Deals with a probability, for their average.';

-- Recounts every counter from the deals: the initial fill, after a TRUNCATE, and by hand.
CREATE FUNCTION erp_derived.rebuild_deal_stage_stats() RETURNS BIGINT
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    n BIGINT;
BEGIN
    DELETE FROM erp_derived.deal_stage_stats;
    INSERT INTO erp_derived.deal_stage_stats
        (stage, currency, deals_count, amount_sum, weighted_sum, probability_sum, probability_count)
    SELECT d.stage, d.currency, count(*), coalesce(sum(d.amount), 0), coalesce(sum(d.amount * d.probability / 100), 0),
           coalesce(sum(d.probability), 0), count(d.probability)
    FROM erp.deals d
    GROUP BY d.stage, d.currency;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END;
$$;

-- SECURITY DEFINER and refusing other tables, as finance_month_stats_apply.
CREATE FUNCTION erp_derived.deal_stage_stats_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    side TEXT;
BEGIN
    IF TG_TABLE_SCHEMA <> 'erp' OR TG_TABLE_NAME <> 'deals' OR TG_LEVEL <> 'STATEMENT' OR TG_WHEN <> 'AFTER' THEN
        RAISE EXCEPTION 'erp_derived.deal_stage_stats_apply() keeps the counters of erp.deals only'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM erp_derived.rebuild_deal_stage_stats();
        RETURN NULL;
    END IF;
    FOREACH side IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new'] WHEN 'DELETE' THEN ARRAY['old']
                                     ELSE ARRAY['old', 'new'] END LOOP
        EXECUTE format($q$
            INSERT INTO erp_derived.deal_stage_stats AS s
                (stage, currency, deals_count, amount_sum, weighted_sum, probability_sum, probability_count)
            SELECT d.stage, d.currency, count(*) * $1, coalesce(sum(d.amount), 0) * $1,
                   coalesce(sum(d.amount * d.probability / 100), 0) * $1, coalesce(sum(d.probability), 0) * $1,
                   count(d.probability) * $1
            FROM %I d
            GROUP BY d.stage, d.currency
            ORDER BY d.stage, d.currency
            ON CONFLICT (stage, currency) DO UPDATE
            SET deals_count = s.deals_count + EXCLUDED.deals_count,
                amount_sum = s.amount_sum + EXCLUDED.amount_sum,
                weighted_sum = s.weighted_sum + EXCLUDED.weighted_sum,
                probability_sum = s.probability_sum + EXCLUDED.probability_sum,
                probability_count = s.probability_count + EXCLUDED.probability_count$q$, side || '_rows')
        USING CASE side WHEN 'old' THEN -1 ELSE 1 END;
    END LOOP;
    DELETE FROM erp_derived.deal_stage_stats WHERE deals_count = 0;
    RETURN NULL;
END;
$$;

CREATE TRIGGER deals_stage_stats_insert AFTER INSERT ON erp.deals
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION erp_derived.deal_stage_stats_apply();
CREATE TRIGGER deals_stage_stats_update AFTER UPDATE ON erp.deals
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION erp_derived.deal_stage_stats_apply();
CREATE TRIGGER deals_stage_stats_delete AFTER DELETE ON erp.deals
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION erp_derived.deal_stage_stats_apply();
CREATE TRIGGER deals_stage_stats_truncate AFTER TRUNCATE ON erp.deals
    FOR EACH STATEMENT EXECUTE FUNCTION erp_derived.deal_stage_stats_apply();

SELECT erp_derived.rebuild_deal_stage_stats();

-- Same columns, rows and meaning as 0006's view.
CREATE OR REPLACE VIEW erp.deal_pipeline AS
SELECT s.stage,
       array_position(ARRAY['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'], s.stage) AS stage_order,
       s.currency,
       s.deals_count,
       round(s.amount_sum, 2)                                                        AS total_amount,
       round(s.weighted_sum, 2)                                                      AS weighted_amount,
       round(CASE WHEN s.probability_count > 0 THEN s.probability_sum / s.probability_count END, 2)
                                                                                     AS avg_probability
FROM erp_derived.deal_stage_stats s
WHERE s.deals_count > 0;

REVOKE EXECUTE ON FUNCTION erp_derived.rebuild_finance_month_stats(),
    erp_derived.finance_month_stats_add(INT, DATE[], TEXT[], BIGINT[], NUMERIC[], NUMERIC[], NUMERIC[],
                                        NUMERIC[], NUMERIC[]),
    erp_derived.finance_month_stats_apply(), erp_derived.rebuild_deal_stage_stats(),
    erp_derived.deal_stage_stats_apply() FROM PUBLIC;
GRANT SELECT ON erp_derived.finance_month_stats, erp_derived.deal_stage_stats TO erp_planner, erp_sync;
