"""Trains gensim's Word2Vec with the C tool's flags' meaning and writes the vectors and a report
shaped like `webgpu-word2vec -report`. Usage:
/usr/bin/python3 bench/gensim-train.py TRAIN OUTPUT REPORT sg size window negative sample min_count iter threads [hs]"""
import json, logging, os, sys, time

from gensim.models import Word2Vec

logging.disable(logging.CRITICAL)
train, output, report, sg, size, window, negative, sample, min_count, iters, threads = sys.argv[1:12]
hs = int(sys.argv[12]) if len(sys.argv) > 12 else 0
words = open(train, encoding="utf-8").read().split()
sentences = [words[i:i + 10000] for i in range(0, len(words), 10000)]
model = Word2Vec(vector_size=int(size), window=int(window), negative=int(negative), hs=hs, sample=float(sample),
                 min_count=int(min_count), sg=int(sg), workers=int(threads), epochs=int(iters),
                 alpha=0.025 if sg == "1" else 0.05, seed=1)
start = time.perf_counter()
model.build_vocab(sentences)
vocab_seconds = time.perf_counter() - start
corpus_words = int(sum(model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key))
start = time.perf_counter()
model.train(sentences, total_examples=len(sentences), epochs=model.epochs)
train_seconds = time.perf_counter() - start
model.wv.save_word2vec_format(output, binary=True)
json.dump({
    "device": f"gensim {__import__('gensim').__version__}, {threads} threads",
    "vocabulary_size": len(model.wv.index_to_key),
    "corpus_words": corpus_words,
    "words_trained": corpus_words * int(iters),
    "words_per_sec": round(corpus_words * int(iters) / train_seconds),
    "prepare_seconds": vocab_seconds,
    "train_seconds": train_seconds,
    "wall_seconds": vocab_seconds + train_seconds,
}, open(report, "w"), indent=2)
