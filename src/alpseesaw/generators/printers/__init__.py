"""One SymPy printer per target syntax (CalcHEP/LanHEP expressions, UFO Python)."""
