"""Train a frozen LeNet of lesson 08's protocol (MNIST) or lesson 12's (Fashion-MNIST) and write it as package data.

    GAN_LESSONS_DATA=/path/to/data python tools/train_lenet.py                 # gan_lessons/assets/lenet_mnist.pt
    GAN_LESSONS_DATA=/path/to/data python tools/train_lenet.py fashion-mnist   # gan_lessons/assets/lenet_fashion_mnist.pt

The recipe of lesson 08 (Adam 2e-3, batches of 128, on the 60,000 training images at 32 px), 3 epochs, seeded and
single-threaded. It prints the test accuracy after each epoch and the file's sha256 (for `PRETRAINED`).
"""
import hashlib, sys, time
from pathlib import Path
import torch
import torch.nn.functional as F
from gan_lessons.download import get_dataset
from gan_lessons.evaluation import LeNet

def train(name='mnist', epochs=3, bs=128):
    torch.set_num_threads(1); torch.manual_seed(0)
    train_set, test_set = get_dataset(name, size=32), get_dataset(name, size=32, train=False)
    x, y, x_test, y_test = train_set[:], train_set.labels, test_set[:], test_set.labels
    net, start = LeNet(), time.perf_counter()
    opt = torch.optim.Adam(net.parameters(), 2e-3)
    g = torch.Generator().manual_seed(0)
    for epoch in range(epochs):
        perm = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), bs):
            idx = perm[i:i + bs]
            loss = F.cross_entropy(net(x[idx]), y[idx]); opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad(): acc = (net(x_test).argmax(1) == y_test).float().mean().item()
        print(f"{name}, epoch {epoch + 1}/{epochs}: test accuracy {100 * acc:.2f} %, {time.perf_counter() - start:.0f} s", flush=True)
    return net.eval()

if __name__ == '__main__':
    name = sys.argv[1] if len(sys.argv) > 1 else 'mnist'
    out = Path(__file__).parent.parent/f"gan_lessons/assets/lenet_{name.replace('-', '_')}.pt"
    torch.save(train(name).state_dict(), out)
    print(f"{out}: sha256 {hashlib.sha256(out.read_bytes()).hexdigest()}")
