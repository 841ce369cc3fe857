import GRDB

/// The SQLite schema, applied with GRDB migrations.
///
/// Every resource table has an integer `seq` (creation order: lists and "newer than"
/// comparisons use it) and a text `id` (the public identifier). Timestamps are epoch
/// milliseconds. Tokens are stored so that sessions survive a restart of the simulator.
enum Schema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE accounts (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    username TEXT NOT NULL UNIQUE,
                    email TEXT NOT NULL UNIQUE,
                    password TEXT NOT NULL,
                    otp TEXT,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE collaborators (
                    owner_id TEXT NOT NULL,
                    collaborator_id TEXT NOT NULL,
                    PRIMARY KEY (owner_id, collaborator_id)
                );
                CREATE TABLE access_tokens (
                    token TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE TABLE login_tokens (
                    token TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE TABLE refresh_tokens (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    token TEXT NOT NULL UNIQUE,
                    account_id TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    last_used_at INTEGER
                );
                CREATE TABLE login_keys (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    account_id TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    usages INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX login_keys_account ON login_keys(account_id);
                CREATE TABLE products (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    owner_id TEXT NOT NULL,
                    creator_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    UNIQUE (owner_id, name)
                );
                CREATE TABLE devicegroups (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL,
                    product_id TEXT NOT NULL,
                    owner_id TEXT NOT NULL,
                    creator_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    region TEXT,
                    load_code_after_blessing INTEGER,
                    env_vars TEXT,
                    production_target_id TEXT,
                    dut_target_id TEXT,
                    current_deployment_id TEXT,
                    min_supported_deployment_id TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    UNIQUE (product_id, name)
                );
                CREATE INDEX devicegroups_product ON devicegroups(product_id);
                CREATE INDEX devicegroups_owner ON devicegroups(owner_id);
                CREATE TABLE deployments (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    devicegroup_id TEXT,
                    devicegroup_type TEXT,
                    product_id TEXT NOT NULL,
                    owner_id TEXT NOT NULL,
                    creator_id TEXT NOT NULL,
                    flagger_id TEXT,
                    sha TEXT NOT NULL,
                    tags TEXT NOT NULL DEFAULT '[]',
                    flagged INTEGER NOT NULL DEFAULT 0,
                    description TEXT NOT NULL DEFAULT '',
                    origin TEXT,
                    device_code TEXT NOT NULL,
                    agent_code TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX deployments_devicegroup ON deployments(devicegroup_id);
                CREATE INDEX deployments_product ON deployments(product_id);
                CREATE TABLE devices (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    owner_id TEXT NOT NULL,
                    name TEXT,
                    mac_address TEXT NOT NULL UNIQUE,
                    agent_id TEXT UNIQUE,
                    imp_type TEXT NOT NULL,
                    online INTEGER NOT NULL,
                    devicegroup_id TEXT,
                    running_deployment_id TEXT,
                    plan_id TEXT,
                    swversion TEXT NOT NULL,
                    free_memory INTEGER NOT NULL,
                    rssi INTEGER NOT NULL,
                    ip_address TEXT NOT NULL,
                    device_state_changed_at INTEGER NOT NULL,
                    agent_state_changed_at INTEGER NOT NULL,
                    last_enrolled_at INTEGER NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX devices_devicegroup ON devices(devicegroup_id);
                CREATE INDEX devices_owner ON devices(owner_id);
                CREATE TABLE webhooks (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    devicegroup_id TEXT NOT NULL,
                    devicegroup_type TEXT NOT NULL,
                    product_id TEXT NOT NULL,
                    owner_id TEXT NOT NULL,
                    creator_id TEXT NOT NULL,
                    url TEXT NOT NULL,
                    event TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX webhooks_devicegroup ON webhooks(devicegroup_id);
                CREATE TABLE webhook_deliveries (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    webhook_id TEXT NOT NULL,
                    event TEXT NOT NULL,
                    url TEXT NOT NULL,
                    attempted_at INTEGER NOT NULL,
                    status INTEGER,
                    error TEXT,
                    payload TEXT NOT NULL
                );
                CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id);
                CREATE TABLE logs (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    device_id TEXT NOT NULL,
                    ts INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    msg TEXT NOT NULL
                );
                CREATE INDEX logs_device ON logs(device_id, seq);
                """)
        }
        return migrator
    }
}
