//! `repository!` and `sort_keys!`: a table's repository declared once, on top of the shared CRUD.
//!
//! A declaration names the table's identifier enum (from [`schema`](crate::schema)), its row, forms,
//! filter and sort keys, and the form fields. The generated code destructures each form without `..`,
//! so a form field missing from the declaration is a compile error, and writes each field to the column
//! of the same name through the identifier enum, so a field without a column is one too.

/// Declares a repository unit struct, its [`Table`](crate::crud::Table) impl and its CRUD methods.
///
/// `required` insert fields are always written; `optional` ones are `Option`s whose `None` leaves the
/// column to the database (its DEFAULT). `derived` columns are never set by callers: their value comes
/// from a method of the form (an embedding's signature), so the two always agree.
macro_rules! repository {
    (
        $(#[$meta:meta])*
        $repo:ident for $cols:ident {
            id: $id:ty,
            row: $row:ty,
            global_id: $global:tt,
            insert: $insert:ident { required: [$($req:ident),* $(,)?], optional: [$($opt:ident),* $(,)?] $(,)? },
            update: $update:ident { $($upd:ident),* $(,)? },
            $(derived: { $($dcol:ident => $dmethod:ident()),* $(,)? },)?
            filter: $filter:ty,
            sort: $sort:ty $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $repo;

        $crate::macros::table_impl! {
            $repo for $cols {
                id: $id, row: $row, global_id: $global,
                insert: $insert { required: [$($req),*], optional: [$($opt),*] },
                update: $update { $($upd),* },
                derived: { $($($dcol => $dmethod()),*)? },
                filter: $filter,
                sort: $sort,
            }
        }
        $crate::macros::crud_methods!($repo, $cols, $id, $row, $insert, $update, $filter, $sort);
        $crate::macros::global_id_getter!($global, $repo, $row);
    };
}

/// The [`Table`](crate::crud::Table) impl of a repository, for tables whose CRUD methods are written by
/// hand (memory entries, whose reads skip expired rows).
macro_rules! table_impl {
    (
        $repo:ident for $cols:ident {
            id: $id:ty,
            row: $row:ty,
            global_id: $global:tt,
            insert: $insert:ident { required: [$($req:ident),* $(,)?], optional: [$($opt:ident),* $(,)?] $(,)? },
            update: $update:ident { $($upd:ident),* $(,)? },
            derived: { $($dcol:ident => $dmethod:ident()),* $(,)? },
            filter: $filter:ty,
            sort: $sort:ty $(,)?
        }
    ) => {
        pastey::paste! {
            impl $crate::crud::Table for $repo {
                type Columns = $cols;
                const HAS_GLOBAL_ID: bool = $global;
                const INSERT_FIELDS: &'static [$cols] =
                    &[$($cols::[<$req:camel>],)* $($cols::[<$opt:camel>],)* $($cols::[<$dcol:camel>],)*];
                const UPDATE_FIELDS: &'static [$cols] = &[$($cols::[<$upd:camel>],)* $($cols::[<$dcol:camel>],)*];
                type Id = $id;
                type Row = $row;
                type Insert = $insert;
                type Update = $update;
                type Filter = $filter;
                type Sort = $sort;

                #[allow(unused_variables)]
                fn insert_values(
                    form: &$insert,
                ) -> $crate::Result<Vec<(&'static str, Option<sea_query::Expr>)>> {
                    let $insert { $($req,)* $($opt,)* } = form;
                    Ok(vec![
                        $($crate::crud::required($cols::[<$req:camel>], $req)?,)*
                        $($crate::crud::optional($cols::[<$opt:camel>], $opt.as_ref())?,)*
                        $($crate::crud::optional($cols::[<$dcol:camel>], form.$dmethod().as_ref())?,)*
                    ])
                }

                #[allow(unused_mut, unused_variables)]
                fn update_values(form: &$update) -> $crate::Result<Vec<(&'static str, sea_query::Expr)>> {
                    let $update { $($upd,)* } = form;
                    let mut out = Vec::new();
                    $(out.extend($crate::crud::changed($cols::[<$upd:camel>], $upd.as_ref())?);)*
                    $(out.extend($crate::crud::changed($cols::[<$dcol:camel>], form.$dmethod().as_ref())?);)*
                    Ok(out)
                }

                fn filter_condition(filter: &$filter) -> $crate::Result<sea_query::Condition> {
                    $crate::filter::ListFilter::condition(filter)
                }
            }
        }
    };
}

/// The CRUD methods of a repository, inherent and as its [`Repository`](crate::Repository) impl, all
/// delegating to [`crud`](crate::crud).
macro_rules! crud_methods {
    ($repo:ident, $cols:ident, $id:ty, $row:ty, $insert:ty, $update:ty, $filter:ty, $sort:ty) => {
        impl $repo {
            /// The schema-qualified table, e.g. `erp.tasks`.
            pub const TABLE: &'static str = <$cols as $crate::schema::Table>::QUALIFIED;

            /// Inserts one row and returns it as stored.
            pub async fn insert<'e>(
                exec: impl sqlx::PgExecutor<'e>,
                form: &$insert,
            ) -> $crate::Result<$row> {
                $crate::crud::insert::<Self>(exec, form).await
            }

            /// Inserts many rows in as few statements as the bind-parameter limit allows, atomically (its own
            /// transaction, or a savepoint inside the caller's).
            pub fn insert_many<'c>(
                db: impl sqlx::Acquire<'c, Database = sqlx::Postgres> + Send,
                forms: &[$insert],
            ) -> impl std::future::Future<Output = $crate::Result<Vec<$row>>> + Send {
                async move {
                    let mut held = db.acquire().await?;
                    $crate::crud::insert_many::<Self>(&mut held, forms).await
                }
            }

            /// The row with this id, or [`Error::NotFound`]($crate::Error::NotFound).
            pub async fn get<'e>(exec: impl sqlx::PgExecutor<'e>, id: $id) -> $crate::Result<$row> {
                $crate::crud::get::<Self>(exec, id).await
            }

            /// Updates the fields the form sets and returns the row; an empty form changes nothing.
            pub async fn update<'e>(
                exec: impl sqlx::PgExecutor<'e>,
                id: $id,
                form: &$update,
            ) -> $crate::Result<$row> {
                $crate::crud::update::<Self>(exec, id, form).await
            }

            /// Deletes the row with this id, or fails with [`Error::NotFound`]($crate::Error::NotFound).
            pub async fn delete<'e>(
                exec: impl sqlx::PgExecutor<'e>,
                id: $id,
            ) -> $crate::Result<()> {
                $crate::crud::delete::<Self>(exec, id).await
            }

            /// The statement [`list`](Self::list) runs for these arguments: SQL text with `$n` placeholders
            /// and the values bound to them, for logs, `EXPLAIN` and tests.
            pub fn list_sql(
                filter: &$filter,
                order: $crate::SortOrder<$sort>,
                page: &$crate::PageRequest,
            ) -> $crate::Result<(String, sea_query::Values)> {
                $crate::crud::list_sql::<Self>(filter, order, page)
            }

            /// A page of rows matching the filter, in the given order.
            pub async fn list<'e>(
                exec: impl sqlx::PgExecutor<'e>,
                filter: &$filter,
                order: $crate::SortOrder<$sort>,
                page: &$crate::PageRequest,
            ) -> $crate::Result<$crate::Page<$row>> {
                $crate::crud::list::<Self>(exec, filter, order, page).await
            }
        }

        impl $crate::repository::sealed::Sealed for $repo {}

        impl $crate::Repository for $repo {
            const TABLE: &'static str = <$cols as $crate::schema::Table>::QUALIFIED;
            const HAS_GLOBAL_ID: bool = <Self as $crate::crud::Table>::HAS_GLOBAL_ID;
            type Id = $id;
            type Row = $row;
            type Insert = $insert;
            type Update = $update;
            type Filter = $filter;
            type Sort = $sort;

            async fn insert<'e>(
                exec: impl sqlx::PgExecutor<'e>,
                form: &$insert,
            ) -> $crate::Result<$row> {
                $crate::crud::insert::<Self>(exec, form).await
            }
            async fn insert_many<'c>(
                db: impl sqlx::Acquire<'c, Database = sqlx::Postgres> + Send,
                forms: &[$insert],
            ) -> $crate::Result<Vec<$row>> {
                let mut held = db.acquire().await?;
                $crate::crud::insert_many::<Self>(&mut held, forms).await
            }
            async fn get<'e>(exec: impl sqlx::PgExecutor<'e>, id: $id) -> $crate::Result<$row> {
                $crate::crud::get::<Self>(exec, id).await
            }
            async fn get_by_global_id<'e>(
                exec: impl sqlx::PgExecutor<'e>,
                global_id: uuid::Uuid,
            ) -> $crate::Result<$row> {
                $crate::crud::get_by_global_id::<Self>(exec, global_id).await
            }
            async fn update<'e>(
                exec: impl sqlx::PgExecutor<'e>,
                id: $id,
                form: &$update,
            ) -> $crate::Result<$row> {
                $crate::crud::update::<Self>(exec, id, form).await
            }
            async fn delete<'e>(exec: impl sqlx::PgExecutor<'e>, id: $id) -> $crate::Result<()> {
                $crate::crud::delete::<Self>(exec, id).await
            }
            async fn list<'e>(
                exec: impl sqlx::PgExecutor<'e>,
                filter: &$filter,
                order: $crate::SortOrder<$sort>,
                page: &$crate::PageRequest,
            ) -> $crate::Result<$crate::Page<$row>> {
                $crate::crud::list::<Self>(exec, filter, order, page).await
            }
        }
    };
}

/// `get_by_global_id` exists only on tables that have a global id.
macro_rules! global_id_getter {
    (true, $repo:ident, $row:ty) => {
        impl $repo {
            /// The row with this global id.
            pub async fn get_by_global_id<'e>(
                exec: impl sqlx::PgExecutor<'e>,
                global_id: uuid::Uuid,
            ) -> $crate::Result<$row> {
                $crate::crud::get_by_global_id::<Self>(exec, global_id).await
            }
        }
    };
    (false, $repo:ident, $row:ty) => {};
}

/// Declares a table's sort keys as an enum convertible to [`SortKey`](crate::SortKey); each key names its
/// column through the table's identifier enum and the SQL type its cursor value is cast to.
macro_rules! sort_keys {
    ($(#[$meta:meta])* $name:ident for $cols:ident {
        $($(#[$vmeta:meta])* $variant:ident => ($col:ident, $ty:literal),)+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum $name {
            /// Insertion order.
            #[default]
            Id,
            $($(#[$vmeta])* $variant,)+
        }

        impl $crate::page::SortKeys for $name {
            const ALL: &'static [Self] = &[Self::Id, $(Self::$variant),+];
        }

        impl From<$name> for $crate::SortKey {
            fn from(key: $name) -> $crate::SortKey {
                match key {
                    $name::Id => $crate::SortKey::ID,
                    $($name::$variant => $crate::SortKey {
                        column: sea_query::IdenStatic::as_str(&$cols::$col),
                        sql_type: $ty,
                    },)+
                }
            }
        }
    };
}

/// `Acquire`, `Deref` and `DerefMut` to a `PgConnection` for a type holding a transaction in `$field`, so a
/// repository call that takes the pool, a connection or a transaction takes it too: its statements run
/// inside the transaction, and a call that needs its own atomicity opens a savepoint (`begin`).
macro_rules! transaction_connection {
    ($ty:ty, $field:ident) => {
        impl<'c> sqlx::Acquire<'c> for &'c mut $ty {
            type Database = sqlx::Postgres;
            type Connection = &'c mut sqlx::PgConnection;

            fn acquire(
                self,
            ) -> std::pin::Pin<
                Box<
                    dyn std::future::Future<
                            Output = std::result::Result<Self::Connection, sqlx::Error>,
                        > + Send
                        + 'c,
                >,
            > {
                let conn: &'c mut sqlx::PgConnection = &mut self.$field;
                Box::pin(std::future::ready(Ok(conn)))
            }

            fn begin(
                self,
            ) -> std::pin::Pin<
                Box<
                    dyn std::future::Future<
                            Output = std::result::Result<
                                sqlx::Transaction<'c, sqlx::Postgres>,
                                sqlx::Error,
                            >,
                        > + Send
                        + 'c,
                >,
            > {
                sqlx::Acquire::begin(&mut self.$field)
            }
        }

        impl std::ops::Deref for $ty {
            type Target = sqlx::PgConnection;

            fn deref(&self) -> &sqlx::PgConnection {
                &self.$field
            }
        }

        impl std::ops::DerefMut for $ty {
            fn deref_mut(&mut self) -> &mut sqlx::PgConnection {
                &mut self.$field
            }
        }
    };
}

pub(crate) use {
    crud_methods, global_id_getter, repository, sort_keys, table_impl, transaction_connection,
};
