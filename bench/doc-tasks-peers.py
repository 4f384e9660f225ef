"""gensim's document methods on a task written by bench/doc-tasks.ts, on the same tokens.

Reads {documents, background, labels, epochs, seeds} (token lists) and prints, as JSON, each
method's cosine matrix over the documents:

- TF-IDF (gensim's TfidfModel fitted on the background) and LSI with 200 topics on it;
- Doc2Vec PV-DBOW (dm=0) at gensim's defaults, without and with dbow_words, trained on the
  background and the documents;
- the mean of gensim's Word2Vec vectors (skip-gram, 100 values, window 5, min count 2, the task's
  epochs), trained on the background.

    python3 bench/doc-tasks-peers.py bench/tmp/doc-task-NAME.json
"""

import json
import sys
import time

import numpy as np
from gensim import corpora, models, similarities
from gensim.models.doc2vec import Doc2Vec, TaggedDocument
from gensim.models import Word2Vec


def cosines(vectors):
    vectors = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    return unit @ unit.T


def sparse_cosines(index_input, corpus_size, features):
    index = similarities.MatrixSimilarity(index_input, num_features=features, corpus_len=corpus_size)
    return np.asarray([row for row in index])


def main(path):
    task = json.load(open(path, encoding="utf-8"))
    documents, background = task["documents"], task["background"]
    out = []

    start = time.perf_counter()
    dictionary = corpora.Dictionary(background + documents)
    tfidf = models.TfidfModel([dictionary.doc2bow(words) for words in background], id2word=dictionary)
    docs_tfidf = [tfidf[dictionary.doc2bow(words)] for words in documents]
    out.append({"method": "TF-IDF", "seed": 1, "seconds": time.perf_counter() - start,
                "scores": sparse_cosines(docs_tfidf, len(documents), len(dictionary)).tolist()})

    start = time.perf_counter()
    lsi = models.LsiModel([tfidf[dictionary.doc2bow(words)] for words in background], id2word=dictionary, num_topics=200)
    docs_lsi = [lsi[d] for d in docs_tfidf]
    out.append({"method": "LSI 200", "seed": 1, "seconds": time.perf_counter() - start,
                "scores": sparse_cosines(docs_lsi, len(documents), 200).tolist()})

    tagged = [TaggedDocument(words, [f"b{i}"]) for i, words in enumerate(background)]
    tagged += [TaggedDocument(words, [f"d{i}"]) for i, words in enumerate(documents)]
    for seed in range(1, task["seeds"] + 1):
        for dbow_words in (0, 1):
            start = time.perf_counter()
            model = Doc2Vec(tagged, dm=0, dbow_words=dbow_words, vector_size=100, workers=2, seed=seed)
            vectors = [model.dv[f"d{i}"] for i in range(len(documents))]
            name = "Doc2Vec PV-DBOW, dbow_words" if dbow_words else "Doc2Vec PV-DBOW"
            out.append({"method": name, "seed": seed, "seconds": time.perf_counter() - start, "scores": cosines(vectors).tolist()})

        start = time.perf_counter()
        w2v = Word2Vec(background, sg=1, vector_size=100, window=5, min_count=2, sample=1e-3, epochs=task["epochs"], workers=2, seed=seed)
        zero = np.zeros(100)
        vectors = [np.mean([w2v.wv[w] for w in words if w in w2v.wv], axis=0) if any(w in w2v.wv for w in words) else zero for words in documents]
        out.append({"method": "mean of Word2Vec", "seed": seed, "seconds": time.perf_counter() - start, "scores": cosines(vectors).tolist()})

    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
