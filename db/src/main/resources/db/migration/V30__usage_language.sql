-- Owner: billing. The input's detected language (ISO 639-1) of a language-routed call, kept with its
-- usage record so usage can be read by language; null for calls that are not routed by language.
ALTER TABLE usage_records ADD COLUMN language text;
-- The new built-in models join the free plan's list (the plan names every built-in model); 'apertium-*'
-- allows every Apertium pair installed on the nodes' machines (a trailing * matches a prefix, see Plan.allows).
UPDATE plans SET allowed_models = array_cat(allowed_models,
        ARRAY['bge-small-zh-v1.5', 'bge-small-zh-v1.5-int8', 'bge-small-en-v1.5', 'sentiment-bge-en', 'sentiment-bge-zh',
              'summarizer-bge-zh', 'apertium-*']), updated_at = now()
 WHERE id = 'free' AND cardinality(allowed_models) > 0 AND NOT ('bge-small-zh-v1.5' = ANY (allowed_models));
