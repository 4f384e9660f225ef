"""Scores a word2vec file with gensim, as ../shared/data/README.md did: analogies over the top 30,000
words (case-insensitive) and WordSim-353 Spearman. Prints one JSON object.
Usage: /usr/bin/python3 bench/evaluate.py VECTORS [--binary] [--data ../shared/data]"""
import argparse, json, logging, os, sys, time

from gensim.models import KeyedVectors

logging.disable(logging.CRITICAL)
parser = argparse.ArgumentParser()
parser.add_argument("vectors")
parser.add_argument("--binary", action="store_true")
parser.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))
args = parser.parse_args()

kv = KeyedVectors.load_word2vec_format(args.vectors, binary=args.binary)
start = time.perf_counter()
accuracy, sections = kv.evaluate_word_analogies(os.path.join(args.data, "eval", "questions-words.txt"), restrict_vocab=30000, case_insensitive=True)
analogy_seconds = time.perf_counter() - start
total = next(s for s in sections if s["section"] == "Total accuracy")
pearson, spearman, oov = kv.evaluate_word_pairs(os.path.join(args.data, "eval", "wordsim353", "combined.tab"), case_insensitive=True)
json.dump({
    "vocabulary": len(kv.index_to_key),
    "analogy_accuracy": accuracy,
    "analogy_correct": len(total["correct"]),
    "analogy_total": len(total["correct"]) + len(total["incorrect"]),
    "analogy_seconds": analogy_seconds,
    "ws353_spearman": spearman.correlation,
    "ws353_pearson": pearson[0],
    "ws353_oov": oov / 100,
}, sys.stdout)
print()
