SELECT * FROM "erp"."tasks" WHERE "status" = ANY($1) AND ("created_at", "id") < ($2::timestamptz, $3) ORDER BY "created_at" DESC, "id" DESC LIMIT $4
-- $1 = Array(String, Some([String(Some("Not Started")), String(Some("In Progress"))]))
-- $2 = String(Some("2025-03-01T09:30:00+00:00"))
-- $3 = BigInt(Some(42))
-- $4 = BigUnsigned(Some(21))
