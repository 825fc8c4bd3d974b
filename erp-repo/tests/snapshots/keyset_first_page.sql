SELECT * FROM "erp"."tasks" WHERE "status" = ANY($1) ORDER BY "id" ASC LIMIT $2
-- $1 = Array(String, Some([String(Some("Not Started")), String(Some("In Progress"))]))
-- $2 = BigUnsigned(Some(21))
