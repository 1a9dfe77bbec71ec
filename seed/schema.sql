-- The demo's schema: every value the adder receives, in order.
CREATE TABLE app_values (
    id         bigserial PRIMARY KEY,
    value      bigint      NOT NULL,
    source     text        NOT NULL DEFAULT 'adder',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_values_created_at ON app_values (created_at);
