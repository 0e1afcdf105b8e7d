-- What the program's own role may do (applied after every `hep-builder plans migrate-db`, when the role
-- exists). Least privilege: read and add plans and versions, never delete or rewrite history, manage
-- the open-for-editing rows. No DDL, no other tables. See README "PostgreSQL" for creating the role.
DO $grants$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hep_builder_app') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO hep_builder_app', current_database());
        GRANT USAGE ON SCHEMA public TO hep_builder_app;
        REVOKE ALL ON plans, plan_versions, plan_claims, schema_migrations FROM hep_builder_app;
        GRANT SELECT, INSERT, UPDATE ON plans TO hep_builder_app;
        GRANT SELECT, INSERT, UPDATE (resolved_at) ON plan_versions TO hep_builder_app;
        GRANT SELECT, INSERT, UPDATE, DELETE ON plan_claims TO hep_builder_app;
        GRANT SELECT ON schema_migrations TO hep_builder_app;
    END IF;
END
$grants$;
