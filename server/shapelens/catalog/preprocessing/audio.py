"""The audio preprocessing layers: MelSpectrogram, STFTSpectrogram."""

from __future__ import annotations

import math

from ..augmentation import _channels_first
from ..base import LayerError, Rule, Unsure, fmt, known, register
from ..spatial import check_data_format, literal
from .common import _I, _int, _safe


@register
class MelSpectrogram(Rule):
    name = "MelSpectrogram"

    def signature(fft_length=2048, sequence_stride=512, sequence_length=None, window="hann", sampling_rate=16000,
                  num_mel_bins=128, min_freq=20.0, max_freq=None, power_to_db=True, top_db=80.0, mag_exp=2.0,
                  min_power=1e-10, ref_power=1.0, **kwargs): ...

    VALID = (_I + "x = keras.Input((16000,))\ny = layers.MelSpectrogram(num_mel_bins=64)(x)\n",)
    INVALID = ((_I + "layer = layers.MelSpectrogram(fft_length=256, sequence_length=512)\n", "SL114"),)

    def _check(self, cfg):
        fft, sl = cfg["fft_length"], cfg["sequence_length"]
        if not literal(fft) or not literal(sl):
            raise Unsure("lengths")
        seq = sl or fft
        if isinstance(fft, (int, float)) and isinstance(seq, (int, float)) and fft < seq:
            raise LayerError("SL114", f"MelSpectrogram fft_length={fft} is shorter than sequence_length={seq}; Keras "
                                      f"raises '`fft_length` must be greater than or equal to `sequence_length`'.")

    validate = _safe(_check)

    def output(self, cfg, shape, layer):
        stride, bins = cfg["sequence_stride"], cfg["num_mel_bins"]
        if not _int(stride) or not _int(bins) or stride == 0:
            raise Unsure("ints")

        def frames(n):
            if n is None:
                return None
            if not known(n):
                raise Unsure("length")
            return (n + stride + 1) // stride

        if len(shape) == 1:
            return (bins, frames(shape[0]))
        return (shape[0], bins, frames(shape[1]))

    def why(self, cfg, shape, out, layer):
        return (f"{cfg['num_mel_bins']} mel bins × frames of stride {cfg['sequence_stride']}",)


_STFT_MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")


@register
class STFTSpectrogram(Rule):
    name = "STFTSpectrogram"
    ndim = 3
    expects = "(batch, time, channels)"

    def signature(mode="log", frame_length=256, frame_step=None, fft_length=None, window="hann", periodic=False,
                  scaling="density", padding="valid", expand_dims=False, data_format=None, **kwargs): ...

    VALID = (_I + "x = keras.Input((1000, 1))\ny = layers.STFTSpectrogram(frame_length=64, window=None)(x)\n",)
    INVALID = ((_I + "layer = layers.STFTSpectrogram(frame_length=64, frame_step=128, window=None)\n", "SL114"),
               (_I + "x = keras.Input((1000,))\ny = layers.STFTSpectrogram(frame_length=64, window=None)(x)\n", "SL101"))

    def _check(self, cfg):
        fl, fs, fft = cfg["frame_length"], cfg["frame_step"], cfg["fft_length"]
        for v in (fl, fs, fft, cfg["mode"], cfg["scaling"], cfg["padding"]):
            if not literal(v):
                raise Unsure("args")
        if fs is not None and isinstance(fs, (int, float)) and isinstance(fl, (int, float)) and (fs > fl or fs < 1):
            raise LayerError("SL114", f"STFTSpectrogram frame_step must be a positive int not greater than "
                                      f"frame_length={fl}, got {fs}; Keras raises.")
        if fft is not None and isinstance(fft, (int, float)) and isinstance(fl, (int, float)) and fft < fl:
            raise LayerError("SL114", f"STFTSpectrogram fft_length={fft} is shorter than frame_length={fl}; Keras "
                                      f"raises '`fft_length` should be not less than `frame_length`'.")
        if cfg["mode"] not in _STFT_MODES:
            raise LayerError("SL114", f"STFTSpectrogram mode={cfg['mode']!r} is not one of "
                                      f"{', '.join(_STFT_MODES)}; Keras raises.")
        if cfg["scaling"] is not None and cfg["scaling"] not in ("density", "spectrum"):
            raise LayerError("SL114", f"STFTSpectrogram scaling must be None, 'density' or 'spectrum', got "
                                      f"{cfg['scaling']!r}; Keras raises.")
        if cfg["padding"] not in ("valid", "same"):
            raise LayerError("SL114", f"STFTSpectrogram padding must be 'valid' or 'same', got {cfg['padding']!r}; "
                                      f"Keras raises.")
        check_data_format(cfg, self.name)

    validate = _safe(_check)

    def _sizes(self, cfg):
        fl, fs, fft = cfg["frame_length"], cfg["frame_step"], cfg["fft_length"]
        if not _int(fl) or (fs is not None and not _int(fs)) or (fft is not None and not _int(fft)) or fl < 1:
            raise Unsure("sizes")
        step = fs or fl // 2
        n_fft = fft or 2 ** math.ceil(math.log2(fl))
        return fl, step, n_fft

    def output(self, cfg, shape, layer):
        self._check(cfg)
        fl, step, n_fft = self._sizes(cfg)
        if step < 1:
            raise Unsure("step")
        first = _channels_first(cfg)
        ch = shape[1] if first else shape[-1]
        length = shape[2] if first else shape[1]
        freq = n_fft // 2 + 1
        if cfg["mode"] == "stft":
            freq *= 2
        if ch is None:
            raise LayerError("SL114", f"STFTSpectrogram needs a known channel count, but its input {fmt(shape)} has "
                                      f"None channels; Keras raises (TypeError) while computing the output shape. "
                                      f"Give the input a fixed channel axis, e.g. keras.Input((time, 1)).")
        if not known(ch):
            raise Unsure("channels")
        if length is None:
            t = None
        elif not known(length):
            raise Unsure("length")
        elif cfg["padding"] == "valid":
            t = math.floor((length - (fl - 1) - 1) / step) + 1
            if t <= 0:
                raise LayerError("SL112", f"STFTSpectrogram frames of frame_length={fl} do not fit in its input's "
                                          f"{length} time steps {fmt(shape)}; Keras raises 'Computed output size would "
                                          f"be zero or negative'. Use a shorter frame_length, padding='same', or a "
                                          f"longer signal.")
        else:
            t = math.floor((length - 1) / step) + 1
        if cfg["expand_dims"] is True:
            return (shape[0], ch, t, freq) if first else (shape[0], t, freq, ch)
        if cfg["expand_dims"] not in (False, None, 0):
            raise Unsure("expand_dims")
        return (shape[0], freq * ch, t) if first else (shape[0], t, freq * ch)

    def params(self, cfg, shape, layer):
        fl, _, n_fft = self._sizes(cfg)
        kernels = 1 if cfg["mode"] in ("real", "imag") else 2
        return kernels * fl * (n_fft // 2 + 1)

    def why(self, cfg, shape, out, layer):
        fl, step, n_fft = self._sizes(cfg)
        return (f"frames of {fl} every {step} steps, {n_fft // 2 + 1} frequency bins (fft_length {n_fft})",)
