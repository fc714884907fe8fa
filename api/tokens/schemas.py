"""API token resources: a mint request, and the token shown once."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints


class CreateToken(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: Annotated[str, StringConstraints(max_length=100)] = ""


class ReadNewToken(BaseModel):
    """`token` is shown only in this response; the server keeps its SHA-256."""

    id: uuid.UUID
    household_id: uuid.UUID
    label: str
    token: str
    created_at: datetime
