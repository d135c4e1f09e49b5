"""tfcompat-migrate: a libcst codemod from TF1 softmax cross-entropy losses to exact TF2.

Never imports TensorFlow and never executes the code it reads.
"""

from migrate._version import __version__

__all__ = ["__version__"]
