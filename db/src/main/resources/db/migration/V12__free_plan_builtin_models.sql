-- The free plan names the built-in models by the ids the inference node serves them under.
UPDATE plans SET allowed_models = '{all-minilm-l6-v2,all-minilm-l6-v2-int8,sentiment-minilm,summarizer-minilm}', updated_at = now()
WHERE id = 'free' AND allowed_models = '{all-minilm-l6-v2,all-minilm-l6-v2-q,sentiment}';
