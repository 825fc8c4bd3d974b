SELECT * FROM "erp"."tasks" WHERE "status" IN ($1, $2) AND ("created_at", "id") < ($3::timestamptz, $4) ORDER BY "created_at" DESC, "id" DESC LIMIT $5
-- $1 = String(Some("Not Started"))
-- $2 = String(Some("In Progress"))
-- $3 = String(Some("2025-03-01T09:30:00+00:00"))
-- $4 = BigInt(Some(42))
-- $5 = BigUnsigned(Some(21))
