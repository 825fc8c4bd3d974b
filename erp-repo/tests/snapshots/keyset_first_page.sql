SELECT * FROM "erp"."tasks" WHERE "status" IN ($1, $2) ORDER BY "id" ASC LIMIT $3
-- $1 = String(Some("Not Started"))
-- $2 = String(Some("In Progress"))
-- $3 = BigUnsigned(Some(21))
