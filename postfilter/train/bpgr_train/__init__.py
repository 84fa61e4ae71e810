"""Training, export and evaluation of the post-filter's restoration models
(postfilter/train/README.md).

Library modules: bpgrm (the .bpgrm format: the one reader/writer, standard library
only), model (WDSR-A with weight norm), folding (training weights <-> a file's
folded weights), reference (PyTorch forward of a file), schedule (lr and loss
schedule), dataset (pair sets, patches, PSNR), pngio (8/16-bit PNG), codec (runs
bpgenc/bpgdec).

Tools, each with main() and runnable as postfilter/train/NAME.py or
`python3 -m bpgr_train.NAME` from postfilter/train: pairs, train, export,
evaluate, choose_precision, check_engine, bd_rate, plot_log, gpu_bundle,
gpu_prepare, codec (--has-restore).

Importing the package imports nothing outside the standard library.
"""
