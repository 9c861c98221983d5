"""Tupu's extraction as a map step on Apache Spark.

Lists the *.txt files of a corpus in the order `tupu ingest` reads them, splits that list into
contiguous partitions, runs `tupu extract --format jsonl` on each partition on an executor, and
writes the JSON Lines records with Spark's text output (part-00000, part-00001, … in file
order). `tupu ingest --from-jsonl OUT` then stores them without extracting again; the store is
the one `tupu ingest CORPUS` gives (same keys, same paths, same facts).

    spark-submit --master 'local[2]' --files "$(swift build -c release --show-bin-path)/tupu" \
        scripts/spark/extract_jsonl.py corpus shards
    tupu ingest --from-jsonl shards

The binary is shipped to the executors with --files (found with SparkFiles), or as the archive
scripts/spark/package.sh makes (--archives tupu-spark.tar.gz#tupu --tupu tupu/tupu), which
also carries the bundled lexicons, name model and libraries for machines without Swift. Paths are
passed as given and resolved from the driver's working directory, so the corpus must be on a
file system every executor sees at the same path (the source keys are canonical paths there).
"""

import argparse
import os
import stat
import subprocess
import sys


def list_corpus(paths):
    """The *.txt files under `paths`, in the order tupu's FileWalk lists them: each given path in
    turn, a folder's entries by the bytes of their names (a folder's name compared as if it ended
    with "/"), symbolic links to folders not followed, each file once."""
    seen = set()
    files = []

    def walk(folder):
        entries = []
        for name in os.listdir(folder):
            path = os.path.normpath(os.path.join(folder, name))
            if os.path.isdir(path):
                if not os.path.islink(path):
                    entries.append(((name + "/").encode("utf-8", "surrogateescape"), path, True))
            elif name.endswith(".txt") and os.path.exists(path):
                entries.append((name.encode("utf-8", "surrogateescape"), path, False))
        for _, path, is_folder in sorted(entries):
            if is_folder:
                walk(path)
            elif path not in seen:
                seen.add(path)
                files.append(path)

    for given in paths:
        root = os.path.normpath(given)
        if os.path.isdir(root):
            walk(root)
        elif root not in seen:
            seen.add(root)
            files.append(root)
    return files


def contiguous(items, count):
    """`items` cut into `count` runs of nearly equal length, in order."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    runs, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        runs.append(items[start:end])
        start = end
    return runs


def main():
    parser = argparse.ArgumentParser(description="Run tupu extract --format jsonl on a corpus with Spark.")
    parser.add_argument("corpus", nargs="+", help="files or folders of *.txt articles (then OUT)")
    parser.add_argument("--partitions", type=int, default=0,
                        help="partitions of the file list (default: 4 per core Spark has)")
    parser.add_argument("--tupu", default="tupu",
                        help="the tupu binary: a name shipped with --files (default), or a path on every executor")
    parser.add_argument("--files-per-process", type=int, default=20000,
                        help="at most this many paths on one tupu command line")
    arguments = parser.parse_args()
    if len(arguments.corpus) < 2:
        parser.error("give the corpus paths and then the output folder")
    *corpus, output = arguments.corpus

    from pyspark import SparkFiles
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("tupu-extract-jsonl").getOrCreate()
    context = spark.sparkContext
    files = list_corpus(corpus)
    if not files:
        sys.exit(f"no *.txt files under {' '.join(corpus)}")
    partitions = arguments.partitions or 4 * context.defaultParallelism
    runs = contiguous(files, partitions)
    working_directory = os.getcwd()
    tupu_name = arguments.tupu
    per_process = max(1, arguments.files_per_process)
    skipped = context.accumulator(0)

    def extract(run):
        binary = tupu_name
        if os.sep not in binary:
            binary = SparkFiles.get(binary)  # shipped with --files
        elif not os.path.isabs(binary):
            # In an archive shipped with --archives: unpacked in the executor's working folder
            # (YARN, Kubernetes) or under SparkFiles' root (local mode).
            here = os.path.abspath(binary)
            binary = here if os.path.exists(here) else os.path.join(SparkFiles.getRootDirectory(), binary)
        if not os.access(binary, os.X_OK):
            os.chmod(binary, os.stat(binary).st_mode | stat.S_IXUSR)
        folder = working_directory if os.path.isdir(working_directory) else None
        for start in range(0, len(run), per_process):
            command = [binary, "extract", "--format", "jsonl", "--jobs", "1", "--"] + run[start:start + per_process]
            result = subprocess.run(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if result.returncode == 3:  # some files skipped; each is named on stderr
                sys.stderr.write(result.stderr.decode("utf-8", "replace"))
                skipped.add(result.stderr.count(b"tupu: skipped:"))
            elif result.returncode != 0:
                raise RuntimeError(f"{' '.join(command[:6])} … exited {result.returncode}: "
                                   + result.stderr.decode("utf-8", "replace"))
            for line in result.stdout.split(b"\n"):
                if line:
                    yield line.decode("utf-8")

    context.parallelize(runs, len(runs)).flatMap(extract).saveAsTextFile(output)
    print(f"{len(files)} files in {len(runs)} partitions: records in {output}; {skipped.value} skipped")
    spark.stop()
    if skipped.value:
        sys.exit(3)


if __name__ == "__main__":
    main()
