-- Least privilege in an environment database. Runs as vf_migrator, which owns every object.
DO $$
BEGIN
  EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO vf_env', current_database());
END
$$;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

-- vf_env reads and writes its read model (TRUNCATE for `vf projector rebuild`), no DDL.
GRANT USAGE ON SCHEMA public TO vf_env;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO vf_env;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO vf_env;
ALTER DEFAULT PRIVILEGES FOR ROLE vf_migrator IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO vf_env;
ALTER DEFAULT PRIVILEGES FOR ROLE vf_migrator IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO vf_env;
