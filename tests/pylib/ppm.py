"""Binary PPM (P6, maxval 255) reading for the Python test scripts.

Scripts in tests/<suite>/ import it with
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'pylib'))
"""


def parse_ppm(data):
    """P6 maxval 255 bytes -> (width, height, pixel bytes); ValueError otherwise."""
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("not a P6/255 PPM")
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:]
    if len(pixels) != width * height * 3:
        raise ValueError(f"PPM has {len(pixels)} pixel bytes, expected {width * height * 3}")
    return width, height, pixels
