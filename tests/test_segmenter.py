"""The segmenter: jieba's precise mode through jieba-rs, and the counts of jieba's dictionary."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from glossary.segment import Segmenter, load_word_counts

NEWS = (
    "驻村第一书记带领村两委班子，把群众当亲人，1450只羊在山坡上吃草。"
    "他焦急地呼喊着，站得出来、顶得上去，工作队以党建为核心，划分为三个片区。"
)


def test_cuts_han_text_as_python_jieba_does(segmenter: Segmenter) -> None:
    import jieba

    paragraphs = [NEWS, "我们中出了一个叛徒", "结婚的和尚未结婚的", "南京市长江大桥欢迎您"]
    for paragraph in paragraphs:
        assert segmenter.cut(paragraph) == jieba.lcut(paragraph, HMM=True)


def test_tokens_join_back_to_the_text_even_with_lone_surrogates(segmenter: Segmenter) -> None:
    text = "他\ud800说：e-mail 和 9-11 \U0001f600\u0000"
    tokens = segmenter.cut(text)
    assert "".join(tokens) == text
    assert "\ud800" in tokens


def test_glossary_terms_are_single_tokens_until_removed() -> None:
    segmenter = Segmenter()
    before = segmenter.cut("搞好精准扶贫工作")
    assert "精准扶贫" not in before
    segmenter.add_glossary(lambda: ["精准扶贫"])
    assert "精准扶贫" in segmenter.cut("搞好精准扶贫工作")
    assert segmenter.frequency("精准扶贫") > 0
    segmenter.remove_term("精准扶贫")
    assert segmenter.cut("搞好精准扶贫工作") == before
    assert segmenter.frequency("精准扶贫") == 0


def test_a_term_removed_while_the_glossary_is_read_does_not_come_back() -> None:
    """A re-cut worker reads the glossary while the reader deletes a term: the removal
    waits until the words read are added, so it is never undone by them."""
    segmenter = Segmenter().load()
    remover = threading.Thread(target=segmenter.remove_term, args=["精准扶贫"])

    def read_words_while_a_removal_starts() -> list[str]:
        remover.start()
        remover.join(timeout=0.2)
        assert remover.is_alive()  # waiting for the read words to be added
        return ["精准扶贫"]

    segmenter.add_glossary(read_words_while_a_removal_starts)
    remover.join()
    assert "精准扶贫" not in segmenter.cut("搞好精准扶贫工作")


def test_counts_are_those_of_jieba_dictionary(segmenter: Segmenter) -> None:
    import jieba

    jieba.initialize()
    for word in ["的", "东湾", "说", "中华人民共和国", "精神面貌"]:
        assert segmenter.frequency(word) == jieba.dt.FREQ[word]
    assert segmenter.frequency("中华人民共") == 0  # a prefix, not a word
    assert segmenter.frequency("qwzxv") == 0


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 3],
        lambda data: os.urandom(4096),
        lambda data: b"",
        lambda data: data[:8] + (2**62).to_bytes(8, "little") + data[16:],
        lambda data: data[:-10] + b"\xff" * 10,
        lambda data: data[:100] + bytes([data[100] ^ 1]) + data[101:],  # one bit
    ],
)
def test_a_damaged_counts_cache_is_rebuilt(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    whole = load_word_counts(tmp_path)
    (cache,) = tmp_path.glob("jieba-counts-*.bin")
    intact = cache.read_bytes()
    cache.write_bytes(damage(intact))
    counts = load_word_counts(tmp_path)
    assert counts.get("说") == whole.get("说") > 0
    assert len(counts.words) == len(whole.words)
    assert cache.read_bytes() == intact


def test_terms_can_be_added_while_another_thread_cuts() -> None:
    """The reader adds a term while its worker re-cuts: jieba-rs cuts without the GIL and
    refused the change ("Already borrowed") until the segmenter held a lock around both."""
    segmenter = Segmenter().load()
    text = "驻村第一书记带领村两委班子" * 5_000
    errors: list[BaseException] = []

    def cut_repeatedly() -> None:
        try:
            for _ in range(10):
                assert "".join(segmenter.cut(text)) == text
        except BaseException as error:
            errors.append(error)

    worker = threading.Thread(target=cut_repeatedly)
    worker.start()
    added = 0
    while worker.is_alive() or added < 5:
        segmenter.add_glossary(lambda word=f"新词{added}": [word])
        added += 1
    worker.join()
    assert errors == []
    assert segmenter.cut("他说新词3") == ["他", "说", "新词3"]


def _in_a_fresh_interpreter(code: str) -> str:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def test_loading_builds_no_second_tokenizer() -> None:
    """rjieba's package builds a default tokenizer at import; the segmenter loads only the
    compiled module, so a process holds one dictionary, and a later import of the package
    reuses the module rather than initialising it twice."""
    out = _in_a_fresh_interpreter(
        "import sys\n"
        "from glossary.segment import Segmenter\n"
        "segmenter = Segmenter().load()\n"
        "print('rjieba' in sys.modules)\n"
        "import rjieba\n"
        "print(rjieba.Jieba is type(segmenter._tokenizer), segmenter.cut('驻村第一书记'))"
    )
    assert out.splitlines() == ["False", "True ['驻村', '第一书记']"]


def test_without_the_compiled_module_where_expected_the_package_is_imported() -> None:
    out = _in_a_fresh_interpreter(
        "import importlib.machinery\n"
        "importlib.machinery.EXTENSION_SUFFIXES[:] = ['.nowhere']\n"
        "from glossary.segment import Segmenter\n"
        "print(Segmenter().cut('驻村第一书记'))"
    )
    assert out == "['驻村', '第一书记']"


def test_a_place_gets_back_the_unit_jieba_glued_to_the_next_name(segmenter: Segmenter) -> None:
    from glossary.names import rejoin_place_names

    def rejoined(text: str) -> list[str]:
        return rejoin_place_names(segmenter.cut(text), segmenter.frequency)

    assert "龙兴 镇西 关村" in " ".join(segmenter.cut("新绛县龙兴镇西关村"))  # jieba's cut
    assert rejoined("新绛县龙兴镇西关村，")[-3:-1] == ["龙兴镇", "西关村"]
    assert rejoined("定西市香泉镇花屏村，")[-3:-1] == ["香泉镇", "花屏村"]
    for text in ("开始积极进行市域城镇体系", "下辖的一个县级管理区，", "位于平顶山市郊薛庄乡的"):
        assert rejoined(text) == segmenter.cut(text)  # common words, not places
    assert rejoined("他们在村里") == segmenter.cut("他们在村里")
    for text in ("记者跟随刘伟村长进村入户", "昨天李明市长在市区调研"):  # a name and a title
        assert rejoined(text) == segmenter.cut(text)
