//! `repository!`: declares a table's repository from its column lists, on top of the shared CRUD.

/// Declares a repository unit struct, its [`Table`](crate::crud::Table) impl and the CRUD methods,
/// from the columns of the insert form (required and optional) and of the update form.
macro_rules! repository {
    (
        $(#[$meta:meta])*
        $repo:ident for $schema:literal . $table:literal {
            id: $id:ty,
            row: $row:ty,
            global_id: $global:tt,
            insert: $insert:ty { required: [$($req:ident),* $(,)?], optional: [$($opt:ident),* $(,)?] $(,)? },
            update: $update:ty { $($upd:ident),* $(,)? },
            $(derived: { $($dcol:ident => $dmethod:ident()),* $(,)? },)?
            filter: $filter:ty,
            sort: $sort:ty $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $repo;

        $crate::macros::table_impl! {
            $repo for $schema . $table {
                id: $id, row: $row, global_id: $global,
                insert: $insert { required: [$($req),*], optional: [$($opt),*] },
                update: $update { $($upd),* },
                derived: { $($($dcol => $dmethod()),*)? },
                filter: $filter,
                sort: $sort,
            }
        }
        $crate::macros::crud_methods!($repo, $schema, $table, $id, $row, $insert, $update, $filter, $sort);
        $crate::macros::global_id_getter!($global, $repo, $row);
    };
}

/// The [`Table`](crate::crud::Table) impl of a repository. `derived` columns are never set by callers:
/// their value comes from a method of the form (e.g. an embedding's signature), so the two always agree.
macro_rules! table_impl {
    (
        $repo:ident for $schema:literal . $table:literal {
            id: $id:ty,
            row: $row:ty,
            global_id: $global:tt,
            insert: $insert:ty { required: [$($req:ident),* $(,)?], optional: [$($opt:ident),* $(,)?] $(,)? },
            update: $update:ty { $($upd:ident),* $(,)? },
            derived: { $($dcol:ident => $dmethod:ident()),* $(,)? },
            filter: $filter:ty,
            sort: $sort:ty $(,)?
        }
    ) => {
        impl $crate::crud::Table for $repo {
            const SCHEMA: &'static str = $schema;
            const NAME: &'static str = $table;
            const QUALIFIED: &'static str = concat!($schema, ".", $table);
            const HAS_GLOBAL_ID: bool = $global;
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
                Ok(vec![
                    $((stringify!($req), Some($crate::crud::field(stringify!($req), &form.$req)?)),)*
                    $((stringify!($opt), match &form.$opt {
                        Some(v) => Some($crate::crud::field(stringify!($opt), v)?),
                        None => None,
                    }),)*
                    $((stringify!($dcol), match &form.$dmethod() {
                        Some(v) => Some($crate::crud::field(stringify!($dcol), v)?),
                        None => None,
                    }),)*
                ])
            }

            #[allow(unused_mut, unused_variables)]
            fn update_values(form: &$update) -> $crate::Result<Vec<(&'static str, sea_query::Expr)>> {
                let mut out = Vec::new();
                $(if let Some(v) = &form.$upd {
                    out.push((stringify!($upd), $crate::crud::field(stringify!($upd), v)?));
                })*
                $(if let Some(v) = &form.$dmethod() {
                    out.push((stringify!($dcol), $crate::crud::field(stringify!($dcol), v)?));
                })*
                Ok(out)
            }

            fn filter_condition(filter: &$filter) -> $crate::Result<sea_query::Condition> {
                $crate::filter::ListFilter::condition(filter)
            }
        }
    };
}

/// The inherent CRUD methods of a repository, delegating to [`crud`](crate::crud).
macro_rules! crud_methods {
    ($repo:ident, $schema:literal, $table:literal, $id:ty, $row:ty, $insert:ty, $update:ty, $filter:ty, $sort:ty) => {
        impl $repo {
            #[doc = concat!("Inserts one row into `", $schema, ".", $table, "` and returns it as stored.")]
            pub async fn insert<'e>(exec: impl sqlx::PgExecutor<'e>, form: &$insert) -> $crate::Result<$row> {
                $crate::crud::insert::<Self>(exec, form).await
            }

            /// Inserts many rows in as few statements as the bind-parameter limit allows, atomically.
            pub async fn insert_many(conn: &mut sqlx::PgConnection, forms: &[$insert]) -> $crate::Result<Vec<$row>> {
                $crate::crud::insert_many::<Self>(conn, forms).await
            }

            /// The row with this id, or [`Error::NotFound`]($crate::Error::NotFound).
            pub async fn get<'e>(exec: impl sqlx::PgExecutor<'e>, id: $id) -> $crate::Result<$row> {
                $crate::crud::get::<Self>(exec, id).await
            }

            /// Updates the fields the form sets and returns the row; an empty form changes nothing.
            pub async fn update<'e>(exec: impl sqlx::PgExecutor<'e>, id: $id, form: &$update) -> $crate::Result<$row> {
                $crate::crud::update::<Self>(exec, id, form).await
            }

            /// Deletes the row with this id, or fails with [`Error::NotFound`]($crate::Error::NotFound).
            pub async fn delete<'e>(exec: impl sqlx::PgExecutor<'e>, id: $id) -> $crate::Result<()> {
                $crate::crud::delete::<Self>(exec, id).await
            }

            /// A page of rows matching the filter, in the given order.
            pub async fn list<'e>(
                exec: impl sqlx::PgExecutor<'e>,
                filter: &$filter,
                ordering: $crate::Ordering<$sort>,
                page: &$crate::PageRequest,
            ) -> $crate::Result<$crate::Page<$row>> {
                $crate::crud::list::<Self>(exec, filter, ordering, page).await
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

/// Declares a table's sort keys as an enum convertible to [`SortKey`](crate::SortKey).
macro_rules! sort_keys {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => ($col:literal, $ty:literal),)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum $name {
            /// Insertion order.
            #[default]
            Id,
            $($(#[$vmeta])* $variant,)+
        }

        impl From<$name> for $crate::SortKey {
            fn from(key: $name) -> $crate::SortKey {
                match key {
                    $name::Id => $crate::SortKey::ID,
                    $($name::$variant => $crate::SortKey { column: $col, sql_type: $ty },)+
                }
            }
        }
    };
}

pub(crate) use {crud_methods, global_id_getter, repository, sort_keys, table_impl};
