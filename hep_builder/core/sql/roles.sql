-- Run once per server as a superuser (psql -f roles.sql), then set the password with \password.
-- hep_builder_owner owns the database and runs `hep-builder plans migrate-db`; hep_builder_app is what
-- every clinic PC signs in as: it can read and save plans, never drop, delete or rewrite history.
CREATE ROLE hep_builder_owner LOGIN;
CREATE ROLE hep_builder_app LOGIN;
CREATE DATABASE hep_builder OWNER hep_builder_owner ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE hep_builder FROM PUBLIC;
GRANT CONNECT ON DATABASE hep_builder TO hep_builder_app;
\connect hep_builder
-- Only the owner creates tables (PostgreSQL 15 does this already; 13 and 14 let everyone).
ALTER SCHEMA public OWNER TO hep_builder_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
