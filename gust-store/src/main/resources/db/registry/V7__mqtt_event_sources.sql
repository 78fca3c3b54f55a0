-- Event source mappings from an MQTT broker: the broker's URL and the topic filters (a JSON array
-- of strings), NULL for a mapping from a queue (whose event_source_arn is then set; for an MQTT
-- mapping it is '').

ALTER TABLE event_source_mappings ADD COLUMN mqtt_broker VARCHAR(512);
ALTER TABLE event_source_mappings ADD COLUMN mqtt_topics TEXT;
