-- The live schema as one line per catalog object, for the schemas in $1 (text[]).
-- Run with search_path = pg_catalog so that every name outside pg_catalog is schema-qualified and the
-- output does not depend on the caller's search_path. No OIDs, no owners, no grants: only what the
-- migrations define. Expressions and view bodies may span lines: the caller collapses every run of
-- whitespace to one space, then sorts the lines.
WITH ns AS (
    SELECT n.oid, n.nspname
    FROM pg_namespace n
    WHERE n.nspname = ANY ($1::text[])
),
rel AS (
    SELECT c.oid, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity,
           format('%I.%I', n.nspname, c.relname) AS qname
    FROM pg_class c
    JOIN ns n ON n.oid = c.relnamespace
    -- Objects that belong to an extension are the extension's, not the migrations'.
    WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
),
col AS (
    SELECT r.qname, r.relkind, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attidentity,
           a.attgenerated, pg_get_expr(ad.adbin, ad.adrelid) AS expr
    FROM rel r
    JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    WHERE r.relkind IN ('r', 'p', 'f')
)
SELECT format('schema %I', nspname) AS line FROM ns

UNION ALL
SELECT CASE relkind WHEN 'r' THEN 'table ' WHEN 'p' THEN 'partitioned table ' ELSE 'foreign table ' END
       || qname
FROM rel WHERE relkind IN ('r', 'p', 'f')

UNION ALL
SELECT 'rls ' || qname || ' enabled' FROM rel WHERE relkind IN ('r', 'p') AND relrowsecurity

UNION ALL
SELECT 'rls ' || qname || ' forced' FROM rel WHERE relkind IN ('r', 'p') AND relforcerowsecurity

UNION ALL
SELECT format('column %s.%I %s', qname, attname, format_type(atttypid, atttypmod))
       || CASE WHEN attnotnull THEN ' not null' ELSE ' null' END
       || CASE attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
       || CASE WHEN attgenerated = '' AND expr IS NOT NULL THEN ' default ' || expr ELSE '' END
FROM col

UNION ALL
SELECT format('generated %s.%I stored %s', qname, attname, expr) FROM col WHERE attgenerated = 's'

UNION ALL
SELECT CASE con.contype WHEN 'p' THEN 'primary key ' WHEN 'u' THEN 'unique '
                        WHEN 'c' THEN 'check ' ELSE 'exclusion ' END
       || format('%s.%I ', r.qname, con.conname) || pg_get_constraintdef(con.oid)
FROM pg_constraint con
JOIN rel r ON r.oid = con.conrelid
WHERE con.contype IN ('p', 'u', 'c', 'x')

UNION ALL
SELECT format('fk %s.%I (%s) -> %I.%I (%s) on delete %s', r.qname, con.conname,
              (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
               FROM unnest(con.conkey) WITH ORDINALITY k (attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
              fn.nspname, f.relname,
              (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
               FROM unnest(con.confkey) WITH ORDINALITY k (attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
              CASE con.confdeltype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade'
                                   WHEN 'n' THEN 'set null' ELSE 'set default' END)
       || CASE con.confupdtype WHEN 'a' THEN '' WHEN 'r' THEN ' on update restrict'
                               WHEN 'c' THEN ' on update cascade' WHEN 'n' THEN ' on update set null'
                               ELSE ' on update set default' END
       || CASE con.confmatchtype WHEN 'f' THEN ' match full' WHEN 'p' THEN ' match partial' ELSE '' END
       || CASE WHEN con.condeferrable THEN ' deferrable' ELSE '' END
       || CASE WHEN con.condeferred THEN ' initially deferred' ELSE '' END
       || CASE WHEN NOT con.convalidated THEN ' not valid' ELSE '' END
FROM pg_constraint con
JOIN rel r ON r.oid = con.conrelid
JOIN pg_class f ON f.oid = con.confrelid
JOIN pg_namespace fn ON fn.oid = f.relnamespace
WHERE con.contype = 'f'

UNION ALL
SELECT 'index ' || r.qname || ' ' || pg_get_indexdef(r.oid) FROM rel r WHERE r.relkind IN ('i', 'I')

UNION ALL
-- Sequences other than those behind identity columns (those are part of the column line).
SELECT 'sequence ' || r.qname || ' ' || format_type(s.seqtypid, NULL)
FROM rel r
JOIN pg_sequence s ON s.seqrelid = r.oid
WHERE r.relkind = 'S'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid AND d.deptype = 'i')

UNION ALL
SELECT CASE r.relkind WHEN 'v' THEN 'view ' ELSE 'materialized view ' END || r.qname || ' '
       || pg_get_viewdef(r.oid, true)
FROM rel r WHERE r.relkind IN ('v', 'm')

UNION ALL
SELECT format('trigger %s.%I ', r.qname, t.tgname) || pg_get_triggerdef(t.oid)
       || CASE t.tgenabled WHEN 'O' THEN '' WHEN 'D' THEN ' (disabled)' WHEN 'R' THEN ' (replica)'
                           ELSE ' (always)' END
FROM pg_trigger t
JOIN rel r ON r.oid = t.tgrelid
WHERE NOT t.tgisinternal

UNION ALL
SELECT format('policy %I.%I.%I ', p.schemaname, p.tablename, p.policyname)
       || lower(p.permissive) || ' for ' || lower(p.cmd) || ' to ' || array_to_string(p.roles, ', ')
       || coalesce(' using (' || p.qual || ')', '')
       || coalesce(' with check (' || p.with_check || ')', '')
FROM pg_policies p
WHERE p.schemaname = ANY ($1::text[])

UNION ALL
-- Routines: signature, result, language, attributes and a digest of the body (the body itself can
-- span many lines; any change to it changes the digest).
SELECT CASE p.prokind WHEN 'f' THEN 'function ' WHEN 'p' THEN 'procedure ' WHEN 'a' THEN 'aggregate '
                      ELSE 'window function ' END
       || format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
       || CASE WHEN p.prokind = 'p' THEN '' ELSE ' returns ' || pg_get_function_result(p.oid) END
       || ' language ' || l.lanname
       || CASE p.provolatile WHEN 'i' THEN ' immutable' WHEN 's' THEN ' stable' ELSE ' volatile' END
       || CASE WHEN p.proisstrict THEN ' strict' ELSE '' END
       || CASE WHEN p.prosecdef THEN ' security definer' ELSE '' END
       || coalesce(' set ' || array_to_string(p.proconfig, ' set '), '')
       || ' body md5 ' || md5(coalesce(p.prosrc, ''))
FROM pg_proc p
JOIN ns n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')

UNION ALL
-- Enum and domain types (the row types of tables and views are covered by those).
SELECT format('type %I.%I ', n.nspname, t.typname)
       || CASE t.typtype
              WHEN 'e' THEN 'enum ('
                  || (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                      FROM pg_enum e WHERE e.enumtypid = t.oid) || ')'
              ELSE 'domain ' || format_type(t.typbasetype, t.typtypmod)
                  || CASE WHEN t.typnotnull THEN ' not null' ELSE '' END
                  || coalesce(' default ' || t.typdefault, '')
                  || coalesce((SELECT ' ' || string_agg(format('constraint %I ', c.conname)
                                                        || pg_get_constraintdef(c.oid), ' ' ORDER BY c.conname)
                               FROM pg_constraint c WHERE c.contypid = t.oid), '')
          END
FROM pg_type t
JOIN ns n ON n.oid = t.typnamespace
WHERE t.typtype IN ('e', 'd')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')

UNION ALL
-- Comments on tables, views and their columns (docs/schema.md is rendered from them, migration 0009).
SELECT CASE WHEN d.objsubid = 0 THEN 'comment ' || r.qname
            ELSE format('comment %s.%I', r.qname, a.attname) END
       || ' ' || d.description
FROM rel r
JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = r.oid
LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = d.objsubid AND d.objsubid > 0
WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f')
