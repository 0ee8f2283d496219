"""g2pM's polyphone BiLSTM, run batched over many sentences at once.

g2pM (Apache-2.0) ships a 1.6 MB numpy model trained on CPP. Its own entry point runs one
sentence at a time and picks among all 876 syllables; here many sentences share one pass
(one matrix product per time step for the whole batch) and each character chooses only
among the readings the dictionary allows it. numpy and the weights load on first use, so
start-up and opening articles never pay for them.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

BOS = "시"  # g2pM's own begin and end markers
EOS = "끝"
UNKNOWN = "<UNK>"
BATCH = 256
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
MAX_WINDOW = 16  # characters of context around a polyphone: CPP dev scores the same from 12 to 32


@dataclass(frozen=True)
class Query:
    """Choose among `choices` (numbered syllables) for `text[position]`."""

    text: str
    position: int
    choices: tuple[str, ...]
    margin: float = 0.0
    """Above 0, a second opinion: the first choice stays unless another is this much more
    likely (see glossary.second_opinion)."""


@cache
def available() -> bool:
    """True when the g2pM package is installed (the readings fall back to defaults if not)."""
    return find_spec("g2pM") is not None


class PolyphoneModel:
    """The weights, as float32 arrays, and a batched forward pass."""

    def __init__(self, folder: Path) -> None:
        for variable in THREAD_VARIABLES:
            # Matrices of 256 x 128: BLAS threads only add waiting, badly so on a busy machine
            # (7x more CPU measured). Effective only if numpy is not loaded yet.
            os.environ.setdefault(variable, "1")
        import numpy as np

        def load(name: str) -> Any:
            with (folder / name).open("rb") as handle:
                return pickle.load(handle)  # the installed package's own files, never user data

        self.np = np
        self.char_ids: dict[str, int] = load("char2idx.pkl")
        self.class_ids: dict[str, int] = load("class2idx.pkl")
        self.readings = trained_readings()
        state = {k: np.asarray(v, dtype=np.float32) for k, v in load("np_ckpt.pkl").items()}
        self.bos = self.char_ids[BOS]
        self.eos = self.char_ids[EOS]
        self.size = size = state["lstm.weight_hh_l0"].shape[1]
        # Both directions run as one forward pass over [2, batch] (the backward one over the
        # reversed texts), one matrix product per step for both; each character's input
        # projection is looked up, not computed. Gates are reordered i f o g, with i f o
        # scaled by 1/2 so that one tanh gives all four: sigmoid(x) = tanh(x / 2) / 2 + 1/2.
        directions = ("", "_reverse")
        weights_in = np.stack([_gates(state[f"lstm.weight_ih_l0{d}"].T, size) for d in directions])
        self.weights_hidden = np.stack(
            [_gates(state[f"lstm.weight_hh_l0{d}"].T, size) for d in directions]
        )
        bias = np.stack(
            [
                _gates(state[f"lstm.bias_ih_l0{d}"] + state[f"lstm.bias_hh_l0{d}"], size)
                for d in directions
            ]
        )
        embeddings = state["embedding.weight"]
        self.projections = np.einsum("ve,deg->dvg", embeddings, weights_in) + bias[:, None, :]
        self.hidden_weight = state["logit_layer.0.weight"].T.copy()
        self.hidden_bias = state["logit_layer.0.bias"]
        self.out_weight = state["logit_layer.2.weight"]
        self.out_bias = state["logit_layer.2.bias"]

    def knows(self, syllable: str) -> bool:
        return syllable in self.class_ids

    def _run(self, inputs: Any) -> Any:
        """Both LSTM directions over a padded batch [2, b, t] (the second row of texts
        reversed, all starting at step 0): states [2, b, t, h]."""
        np = self.np
        _, batch, steps = inputs.shape
        projected = np.stack([self.projections[0][inputs[0]], self.projections[1][inputs[1]]])
        size = self.size
        h = np.zeros((2, batch, size), dtype=np.float32)
        c = np.zeros((2, batch, size), dtype=np.float32)
        outputs = np.empty((2, batch, steps, size), dtype=np.float32)
        for t in range(steps):  # padding comes after each text: its states are never read
            activations = np.tanh(projected[:, :, t] + h @ self.weights_hidden)
            gates = activations[..., : 3 * size] * 0.5 + 0.5
            c = gates[..., size : 2 * size] * c + gates[..., :size] * activations[..., 3 * size :]
            h = gates[..., 2 * size :] * np.tanh(c)
            outputs[:, :, t] = h
        return outputs

    def choose(self, queries: Sequence[Query]) -> list[str]:
        """The most likely allowed syllable for each query (the first choice when the model
        knows none of them). Queries in the same sentence share one pass over it."""
        np = self.np
        answers: list[str | None] = []
        for query in queries:
            known = [c for c in query.choices if c in self.class_ids]
            trained = self.readings.get(query.text[query.position], [])
            if query.margin:
                # Only a reading the model was trained to tell from the dictionary's may
                # replace it.
                scored = query.choices[0] in trained and len(set(known) & set(trained)) >= 2
                answers.append(None if scored else query.choices[0])
            elif len(trained) == 1 and trained[0] in query.choices:
                # g2pM's data knows one reading (个 ge4), so it has no class to score it
                # against the dictionary's rare one (ge3, in 自个儿): that reading it is.
                answers.append(trained[0])
            elif len(known) < 2:
                # Fewer than two choices the model can score: the dictionary's first (the
                # commonest), not whichever one happens to be a class of the model.
                answers.append(query.choices[0])
            else:
                answers.append(None)
        asked = [k for k, answer in enumerate(answers) if answer is None]
        windows = {k: _window(queries[k].text, queries[k].position) for k in asked}
        hidden = self._hidden_states(list(dict.fromkeys(text for text, _ in windows.values())))
        for k in asked:
            text, position = windows[k]
            known = [c for c in queries[k].choices if c in self.class_ids]
            if queries[k].margin:
                trained = self.readings.get(queries[k].text[queries[k].position], [])
                known = [c for c in known if c in trained]
            ids = [self.class_ids[c] for c in known]
            layer = np.maximum(
                hidden[text][position + 1] @ self.hidden_weight + self.hidden_bias, 0
            )
            scores = self.out_weight[ids] @ layer + self.out_bias[ids]
            best = int(np.argmax(scores))
            if queries[k].margin:
                likelihood = np.exp(scores - scores[best])
                likelihood /= likelihood.sum()
                written = known.index(queries[k].choices[0])
                if likelihood[best] - likelihood[written] <= queries[k].margin:
                    best = written
            answers[k] = known[best]
        return [answer or "" for answer in answers]

    def _hidden_states(self, texts: list[str]) -> dict[str, Any]:
        """Per text, the BiLSTM's states [length + 2, 2h] (BOS and EOS included)."""
        np = self.np
        unknown = self.char_ids[UNKNOWN]
        result: dict[str, Any] = {}
        if not texts:
            return result
        order = sorted(texts, key=len)  # similar lengths share a batch: little padding
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            encoded = [
                [self.bos, *(self.char_ids.get(ch, unknown) for ch in text), self.eos]
                for text in chunk
            ]
            steps = max(map(len, encoded))
            inputs = np.zeros((2, len(chunk), steps), dtype=np.int64)
            for row, ids in enumerate(encoded):
                inputs[0, row, : len(ids)] = ids
                inputs[1, row, : len(ids)] = ids[::-1]
            states = self._run(inputs)
            for row, text in enumerate(chunk):
                length = len(text) + 2
                backward = states[1, row, :length][::-1]
                result[text] = np.concatenate([states[0, row, :length], backward], axis=1)
        return result


def _gates(weights: Any, size: int) -> Any:
    """PyTorch's gate columns i f g o reordered i f o g, with i f o halved (see above)."""
    import numpy as np

    i, f, g, o = (weights[..., k * size : (k + 1) * size] for k in range(4))
    return np.concatenate([0.5 * i, 0.5 * f, 0.5 * o, g], axis=-1)


def _window(text: str, position: int) -> tuple[str, int]:
    """The text around `position`, at most MAX_WINDOW characters, and the position in it."""
    if len(text) <= MAX_WINDOW:
        return text, position
    start = max(0, min(position - MAX_WINDOW // 2, len(text) - MAX_WINDOW))
    return text[start : start + MAX_WINDOW], position - start


def _folder() -> Path | None:
    spec = find_spec("g2pM")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def trained_readings() -> dict[str, list[str]]:
    """Per character, the readings g2pM was trained to tell apart (one: not a polyphone);
    empty without g2pM. A small table: loading it needs no numpy."""
    folder = _folder()
    if folder is None:
        return {}
    with (folder / "digest_cedict.pkl").open("rb") as handle:
        table: dict[str, list[str]] = pickle.load(handle)  # the installed package's own file
    return table


@cache
def model() -> PolyphoneModel | None:
    """The loaded model, once per process; None when g2pM is not installed."""
    folder = _folder()
    return None if folder is None else PolyphoneModel(folder)
