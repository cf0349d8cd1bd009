"""Knowledge bases: load, lint and answer from each workspace's policies, offline or with an LLM.

Modules: `types` (Lang), `language` (detect_language), `normalize` (features), `kb` (models,
loading), `lint`, `registry` (reload on change), `retrieval`, `answer` (answer_question),
`llm` (LLMAnswerer), `evaluate` (`python -m knowledge.evaluate`).
"""
