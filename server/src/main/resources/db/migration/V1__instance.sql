-- Facts about this installation, kept by the server itself (never sent anywhere).
CREATE TABLE instance_meta (
  meta_key VARCHAR(100) PRIMARY KEY,
  meta_value VARCHAR(1000) NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);
