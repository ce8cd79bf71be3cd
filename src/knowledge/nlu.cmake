# Filled by the answer-engine language part (src/knowledge/answer/).
