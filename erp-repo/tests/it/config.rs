//! Agent configuration: profiles, tools, context recipes and which tools a profile may use.

use agent_model::{
    ContextRecipe, ContextRecipeInsertForm, ContextRecipeUpdateForm, Profile, ProfileId,
    ProfileInsertForm, ProfileTool, ProfileToolInsertForm, ProfileToolUpdateForm,
    ProfileUpdateForm, Tool, ToolId, ToolInsertForm, ToolUpdateForm,
};
use erp_repo::agent::{
    ContextRecipeFilter, ContextRecipes, ProfileFilter, ProfileToolFilter, ProfileTools, Profiles,
    ToolFilter, Tools,
};
use erp_repo::{Error, PageRequest};
use erp_testkit::TestDb;
use serde_json::json;

use crate::common::{assert_fk, round_trip};

#[tokio::test]
async fn context_recipe_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let form = ContextRecipeInsertForm {
        description: Some("recent memories and live facts".into()),
        retrieval_spec: Some(json!({"memories": 10, "facts": true})),
        ..ContextRecipeInsertForm::new("standard")
    };
    let r = ContextRecipes::insert(pool, &form).await.unwrap();
    assert_eq!(
        r,
        ContextRecipe {
            id: r.id,
            name: "standard".into(),
            description: Some("recent memories and live facts".into()),
            retrieval_spec: json!({"memories": 10, "facts": true}),
            created_at: r.created_at,
        }
    );
    ContextRecipes::insert(pool, &ContextRecipeInsertForm::new("minimal"))
        .await
        .unwrap();
    assert_eq!(ContextRecipes::by_name(pool, "standard").await.unwrap(), r);
    round_trip::<ContextRecipes>(
        pool,
        r.id,
        &r,
        &ContextRecipeUpdateForm {
            description: Some(None),
            name: Some("standard v2".into()),
            ..Default::default()
        },
        |_| ContextRecipe {
            description: None,
            name: "standard v2".into(),
            ..r.clone()
        },
        &ContextRecipeFilter {
            name_contains: Some("STANDARD".into()),
        },
        &ContextRecipeUpdateForm::default(),
    )
    .await;
    assert!(matches!(
        ContextRecipes::by_name(pool, "standard").await,
        Err(Error::NotFound { .. })
    ));
    let err = ContextRecipes::insert(pool, &ContextRecipeInsertForm::new("minimal"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, .. } if constraint == "context_recipes_name_key"),
        "{err}"
    );
}

#[tokio::test]
async fn profile_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let recipe = ContextRecipes::insert(pool, &ContextRecipeInsertForm::new("r"))
        .await
        .unwrap();
    let form = ProfileInsertForm {
        description: Some("plans the week".into()),
        system_prompt_template: Some("You are {{name}}".into()),
        harness_config: Some(json!({"max_steps": 8})),
        default_model: Some("model-a".into()),
        default_context_recipe_id: Some(recipe.id),
        is_active: Some(true),
        ..ProfileInsertForm::new("planner")
    };
    let p = Profiles::insert(pool, &form).await.unwrap();
    assert_eq!(
        p,
        Profile {
            id: p.id,
            global_id: p.global_id,
            name: "planner".into(),
            description: Some("plans the week".into()),
            system_prompt_template: Some("You are {{name}}".into()),
            harness_config: json!({"max_steps": 8}),
            default_model: Some("model-a".into()),
            default_context_recipe_id: Some(recipe.id),
            is_active: true,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    );
    Profiles::insert(pool, &ProfileInsertForm::new("writer"))
        .await
        .unwrap();
    round_trip::<Profiles>(
        pool,
        p.id,
        &p,
        &ProfileUpdateForm {
            is_active: Some(false),
            default_model: Some(None),
            system_prompt_template: Some(None),
            ..Default::default()
        },
        |c| Profile {
            is_active: false,
            default_model: None,
            system_prompt_template: None,
            updated_at: c.updated_at,
            ..p.clone()
        },
        &ProfileFilter {
            is_active: Some(false),
            default_context_recipe_id: Some(recipe.id),
            name_contains: Some("plan".into()),
            ..Default::default()
        },
        &ProfileUpdateForm::default(),
    )
    .await;

    assert_fk(
        Profiles::insert(
            pool,
            &ProfileInsertForm {
                default_context_recipe_id: Some(agent_model::ContextRecipeId(999)),
                ..ProfileInsertForm::new("x")
            },
        )
        .await,
        "profiles_default_context_recipe_id_fkey",
    );
    let err = Profiles::insert(pool, &ProfileInsertForm::new("writer"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, .. } if constraint == "profiles_name_key"),
        "{err}"
    );
}

#[tokio::test]
async fn tool_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let form = ToolInsertForm {
        description: Some("searches the web".into()),
        schema_definition: Some(json!({"type": "object"})),
        is_active: Some(true),
        ..ToolInsertForm::new("web_search")
    };
    let t = Tools::insert(pool, &form).await.unwrap();
    assert_eq!(
        t,
        Tool {
            id: t.id,
            global_id: t.global_id,
            name: "web_search".into(),
            description: Some("searches the web".into()),
            schema_definition: json!({"type": "object"}),
            is_active: true,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    );
    Tools::insert(pool, &ToolInsertForm::new("calendar"))
        .await
        .unwrap();
    assert_eq!(Tools::by_name(pool, "web_search").await.unwrap(), t);
    assert!(matches!(
        Tools::by_name(pool, "nope").await,
        Err(Error::NotFound {
            table: "agent.tools",
            ..
        })
    ));
    round_trip::<Tools>(
        pool,
        t.id,
        &t,
        &ToolUpdateForm {
            description: Some(None),
            is_active: Some(false),
            ..Default::default()
        },
        |c| Tool {
            description: None,
            is_active: false,
            updated_at: c.updated_at,
            ..t.clone()
        },
        &ToolFilter {
            is_active: Some(false),
            name_contains: Some("web_".into()),
        },
        &ToolUpdateForm::default(),
    )
    .await;
    let err = Tools::insert(pool, &ToolInsertForm::new("calendar"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, .. } if constraint == "tools_name_key"),
        "{err}"
    );
}

#[tokio::test]
async fn profile_tool_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let p = Profiles::insert(pool, &ProfileInsertForm::new("p"))
        .await
        .unwrap();
    let a = Tools::insert(pool, &ToolInsertForm::new("a"))
        .await
        .unwrap();
    let b = Tools::insert(pool, &ToolInsertForm::new("b"))
        .await
        .unwrap();
    let link = ProfileTools::insert(
        pool,
        &ProfileToolInsertForm {
            is_enabled: Some(true),
            ..ProfileToolInsertForm::new(p.id, a.id)
        },
    )
    .await
    .unwrap();
    assert_eq!(
        link,
        ProfileTool {
            id: link.id,
            profile_id: p.id,
            tool_id: a.id,
            is_enabled: true,
            created_at: link.created_at,
        }
    );
    ProfileTools::insert(pool, &ProfileToolInsertForm::new(p.id, b.id))
        .await
        .unwrap();
    let err = ProfileTools::insert(pool, &ProfileToolInsertForm::new(p.id, a.id))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, .. } if constraint == "profile_tools_profile_id_tool_id_key"),
        "{err}"
    );
    round_trip::<ProfileTools>(
        pool,
        link.id,
        &link,
        &ProfileToolUpdateForm {
            is_enabled: Some(false),
            ..Default::default()
        },
        |_| ProfileTool {
            is_enabled: false,
            ..link.clone()
        },
        &ProfileToolFilter {
            profile_id: Some(p.id),
            tool_id: Some(a.id),
            is_enabled: Some(false),
        },
        &ProfileToolUpdateForm::default(),
    )
    .await;
    assert_fk(
        ProfileTools::insert(pool, &ProfileToolInsertForm::new(ProfileId(999), a.id)).await,
        "profile_tools_profile_id_fkey",
    );
    assert_fk(
        ProfileTools::enable(pool, p.id, ToolId(999)).await,
        "profile_tools_tool_id_fkey",
    );
}

#[tokio::test]
async fn a_profile_with_its_enabled_tools_and_default_recipe() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let recipe = ContextRecipes::insert(pool, &ContextRecipeInsertForm::new("deep"))
        .await
        .unwrap();
    let p = Profiles::insert(
        pool,
        &ProfileInsertForm {
            default_context_recipe_id: Some(recipe.id),
            ..ProfileInsertForm::new("planner")
        },
    )
    .await
    .unwrap();
    let bare = Profiles::insert(pool, &ProfileInsertForm::new("bare"))
        .await
        .unwrap();
    let mut tools = Vec::new();
    for (name, active) in [
        ("zeta", true),
        ("alpha", true),
        ("retired", false),
        ("off", true),
    ] {
        let form = ToolInsertForm {
            is_active: Some(active),
            ..ToolInsertForm::new(name)
        };
        tools.push(Tools::insert(pool, &form).await.unwrap());
    }
    for t in &tools {
        ProfileTools::enable(pool, p.id, t.id).await.unwrap();
    }
    let off = ProfileTools::disable(pool, p.id, tools[3].id)
        .await
        .unwrap();
    assert!(!off.is_enabled);
    // Enabling twice keeps one link.
    let again = ProfileTools::enable(pool, p.id, tools[0].id).await.unwrap();
    assert!(again.is_enabled);
    // Another profile's links do not leak in.
    ProfileTools::enable(pool, bare.id, tools[3].id)
        .await
        .unwrap();
    let links = ProfileTools::list(
        pool,
        &ProfileToolFilter {
            profile_id: Some(p.id),
            ..Default::default()
        },
        Default::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(links.items.len(), 4);

    let (profile, enabled) = Profiles::with_tools(pool, p.id).await.unwrap();
    assert_eq!(profile, p);
    assert_eq!(enabled, vec![tools[1].clone(), tools[0].clone()], "by name");
    let (_, none) = Profiles::with_tools(pool, bare.id).await.unwrap();
    assert_eq!(none, vec![tools[3].clone()]);
    ProfileTools::disable(pool, bare.id, tools[3].id)
        .await
        .unwrap();
    assert!(
        Profiles::with_tools(pool, bare.id)
            .await
            .unwrap()
            .1
            .is_empty()
    );
    assert!(matches!(
        Profiles::with_tools(pool, ProfileId(999)).await,
        Err(Error::NotFound {
            table: "agent.profiles",
            ..
        })
    ));

    assert_eq!(
        Profiles::default_recipe(pool, p.id).await.unwrap(),
        Some(recipe.clone())
    );
    assert_eq!(Profiles::default_recipe(pool, bare.id).await.unwrap(), None);
    assert!(matches!(
        Profiles::default_recipe(pool, ProfileId(999)).await,
        Err(Error::NotFound { .. })
    ));
    // Deleting the recipe leaves the profile without one (ON DELETE SET NULL).
    ContextRecipes::delete(pool, recipe.id).await.unwrap();
    assert_eq!(Profiles::default_recipe(pool, p.id).await.unwrap(), None);
}
